import type { FastifyInstance } from 'fastify';
import type { FiloModule, ModuleFactory } from '../runtime/modules';
import { BotService } from './bot-service';
import { BotAssistant, DialogueEngine } from './dialogue';
import { botRoutes } from './routes';

// The bot feature module: trains (or loads) the model when built, so the first message is answered
// at once, and serves /api/v1/assistant.
export const botModule: ModuleFactory = async (deps): Promise<FiloModule> => {
  const organisation = await deps.organisation.find();
  const bot = new BotService(deps.store.db, { defaultCurrency: organisation?.currency ?? 'EUR' });
  const report = await bot.start();
  deps.logger.info(
    { examples: report.examples, loaded: report.loaded, trainingMs: report.trainingMs },
    report.loaded ? 'assistant model loaded' : 'assistant model trained',
  );
  // The dialogue acts on what the bot understood; it finds payments, knowledge, receipts and events
  // (built after this module) by name when a flow needs them.
  const dialogue = new DialogueEngine({
    ...deps,
    understand: (text, options) => bot.understand(text, options),
    publicUrl: deps.config.publicUrl,
  });
  // Workers answer supporters with the model staff last trained, wherever they trained it.
  let refresher: NodeJS.Timeout | undefined;
  return {
    name: 'bot',
    service: new BotAssistant(bot, dialogue),
    async start() {
      refresher = setInterval(() => {
        bot.refresh().catch((err: unknown) => deps.logger.warn({ err }, 'assistant model refresh failed'));
      }, 5_000);
      refresher.unref();
    },
    async stop() {
      clearInterval(refresher);
    },
    eraseContact: (contactId) => dialogue.eraseContact(contactId),
    routes: async (app: FastifyInstance) => {
      await app.register(botRoutes(bot));
    },
  };
};
