import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Id, Language, withErrors } from '../http/schemas';
import type { BotService } from './bot-service';
import { INTENTS } from './intents';

// /api/v1/assistant: try the assistant's understanding (assistant:use) and manage the organisation's
// own training examples and retraining (assistant:manage).

const IntentSchema = Type.Union(INTENTS.map((i) => Type.Literal(i)));

const EntitySchema = Type.Object(
  {
    type: Type.Union([
      Type.Literal('money'),
      Type.Literal('date'),
      Type.Literal('distance'),
      Type.Literal('duration'),
    ]),
    value: Type.Union([Type.Number(), Type.String()]),
    text: Type.String(),
    currency: Type.Optional(Type.String()),
    granularity: Type.Optional(Type.String()),
    unit: Type.Optional(Type.String()),
  },
  {
    description: 'money: integer minor units + currency; date: ISO 8601; distance: metres; duration: seconds',
  },
);

const UnderstandingSchema = Type.Object({
  language: Type.String({ description: 'it, en, de, es, fr, or und when it could not be told' }),
  intent: IntentSchema,
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  entities: Type.Array(EntitySchema),
  reason: Type.Optional(
    Type.String({
      description:
        'Why the intent is none (empty, no_words, unreadable, unsupported_language, low_confidence)',
    }),
  ),
  guess: Type.Optional(IntentSchema),
});

const ExampleSchema = Type.Object({
  id: Type.String(),
  language: Language,
  intent: IntentSchema,
  text: Type.String(),
  createdBy: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
});

const ReportSchema = Type.Object({
  examples: Type.Integer(),
  organisationExamples: Type.Integer(),
  hash: Type.String(),
  trainedAt: Type.String(),
  trainingMs: Type.Integer(),
  loaded: Type.Boolean(),
});

export function botRoutes(bot: BotService): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      '/api/v1/assistant/understand',
      {
        config: { access: 'assistant:use' },
        schema: {
          tags: ['assistant'],
          summary: "The language, intent and entities of a supporter's message",
          body: Type.Object({
            text: Type.String({ maxLength: 20000 }),
            language: Type.Optional(
              Type.String({ maxLength: 10, description: "The supporter's language if known" }),
            ),
          }),
          response: withErrors({ 200: UnderstandingSchema }),
        },
      },
      async (request) => {
        await bot.ready();
        const { text, language } = request.body;
        return bot.understand(text, language === undefined ? {} : { language });
      },
    );

    app.get(
      '/api/v1/assistant/examples',
      {
        config: { access: 'assistant:use' },
        schema: {
          tags: ['assistant'],
          summary: "The organisation's own training examples and the current model",
          response: withErrors({
            200: Type.Object({
              items: Type.Array(ExampleSchema),
              model: Type.Union([ReportSchema, Type.Null()]),
            }),
          }),
        },
      },
      async () => ({ items: await bot.listExamples(), model: bot.report }),
    );

    app.post(
      '/api/v1/assistant/examples',
      {
        config: { access: 'assistant:manage' },
        schema: {
          tags: ['assistant'],
          summary: 'Add a training example (takes effect at the next training)',
          body: Type.Object({
            language: Language,
            intent: IntentSchema,
            text: Type.String({ minLength: 1, maxLength: 300 }),
          }),
          response: withErrors({ 201: ExampleSchema }),
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        const by =
          principal === null ? null : principal.kind === 'user' ? principal.id : `apikey:${principal.id}`;
        const example = await bot.addExample(request.body, by);
        return reply.code(201).send(example);
      },
    );

    app.delete(
      '/api/v1/assistant/examples/:id',
      {
        config: { access: 'assistant:manage' },
        schema: {
          tags: ['assistant'],
          summary: 'Remove a training example (takes effect at the next training)',
          params: Type.Object({ id: Id }),
          response: withErrors({ 204: Type.Null() }),
        },
      },
      async (request, reply) => {
        await bot.deleteExample(request.params.id);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/api/v1/assistant/train',
      {
        config: { access: 'assistant:manage' },
        schema: {
          tags: ['assistant'],
          summary: "Retrain on the shipped and the organisation's examples, and save the model",
          response: withErrors({ 200: ReportSchema }),
        },
      },
      async () => bot.retrain(),
    );
  };
}
