import type { FastifyInstance } from 'fastify';
import type { FiloModule, ModuleFactory } from '../runtime/modules';
import { BotService } from './bot-service';
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
  return {
    name: 'bot',
    service: bot,
    routes: async (app: FastifyInstance) => {
      await app.register(botRoutes(bot));
    },
  };
};
