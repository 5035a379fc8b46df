import { Type } from '@sinclair/typebox';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Id, Language, withErrors } from '../../http/schemas';
import type { KnowledgeService } from './knowledge-service';

// /api/v1/knowledge: the assistant's knowledge base. Reading and trying questions needs knowledge:read
// (owner, fundraiser, agent, auditor); adding, editing and deleting FAQ entries needs knowledge:write
// (owner, fundraiser). Project pages are listed read-only: they follow the projects.

const Kind = Type.Union([Type.Literal('faq'), Type.Literal('project')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Entry = Type.Object({
  id: Type.String(),
  kind: Kind,
  language: Type.String(),
  sourceId: Type.String({ description: 'Stable id shared by the translations of an entry; answers cite it' }),
  question: Type.String(),
  phrasings: Type.Array(Type.String()),
  answer: Type.String(),
  tags: Type.Array(Type.String()),
  projectId: Nullable(Type.String()),
  createdAt: Type.String(),
  updatedAt: Type.String(),
});

const Text = (max: number, min = 1) => Type.String({ minLength: min, maxLength: max });
const EntryFields = {
  question: Text(300),
  phrasings: Type.Optional(Type.Array(Text(300), { maxItems: 30 })),
  answer: Text(4000),
  tags: Type.Optional(Type.Array(Text(40), { maxItems: 20 })),
};
const CreateBody = Type.Object(
  {
    language: Language,
    sourceId: Type.String({ minLength: 1, maxLength: 80, pattern: '^[a-z0-9]+(?:-[a-z0-9]+)*$' }),
    ...EntryFields,
  },
  { additionalProperties: false },
);
const UpdateBody = Type.Object(
  {
    ...EntryFields,
    expectedUpdatedAt: Type.Optional(
      Type.String({ maxLength: 40, description: 'The updatedAt you edited; a later change makes this 409' }),
    ),
  },
  { additionalProperties: false },
);

const Hit = Type.Object({
  id: Type.String(),
  sourceId: Type.String(),
  title: Type.String(),
  kind: Kind,
  score: Type.Number(),
  confidence: Type.Number({
    description: '0 … 1: the score over the best any entry could reach for this question',
  }),
  method: Type.Union([Type.Literal('bm25'), Type.Literal('trigram')]),
});

const Question = Type.Object(
  {
    q: Type.String({ maxLength: 10_000, description: 'The supporter’s question' }),
    language: Type.String({
      minLength: 2,
      maxLength: 8,
      pattern: '^[A-Za-z-]+$',
      description: 'it, en, de, es or fr; others get no answer',
    }),
  },
  { additionalProperties: false },
);

const SearchReply = Type.Object({
  language: Type.String(),
  supported: Type.Boolean(),
  threshold: Type.Number(),
  hits: Type.Array(Hit),
  best: Nullable(Hit),
});

const AnswerReply = Type.Object({
  kind: Type.Union([Type.Literal('answer'), Type.Literal('no-answer')]),
  language: Type.String(),
  text: Type.Optional(Type.String()),
  source: Type.Optional(
    Type.Object({ id: Type.String(), sourceId: Type.String(), title: Type.String(), kind: Kind }),
  ),
  reason: Type.Optional(
    Type.String({ description: 'no-answer: empty, unsupported-language, no-entries or low-confidence' }),
  ),
  confidence: Type.Number(),
  generated: Type.Optional(Type.Boolean()),
  fallback: Type.Optional(Nullable(Type.String())),
  hits: Type.Array(Hit),
});

const Params = Type.Object({ id: Id });

function by(request: FastifyRequest): string | null {
  const p = request.principal;
  if (!p) return null;
  return p.kind === 'user' ? p.id : `apikey:${p.id}`;
}

export function knowledgeRoutes(service: KnowledgeService): (root: FastifyInstance) => Promise<void> {
  return async (root) => {
    const app = root.withTypeProvider<TypeBoxTypeProvider>();
    const tags = ['knowledge'];
    app.get(
      '/api/v1/knowledge/entries',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'FAQ entries and project pages of the knowledge base',
          querystring: Type.Object(
            { language: Type.Optional(Language), kind: Type.Optional(Kind) },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ items: Type.Array(Entry), generative: Type.Boolean() }),
          }),
        },
      },
      async (request) => ({ items: await service.list(request.query), generative: service.generative }),
    );

    app.get(
      '/api/v1/knowledge/entries/:id',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'One knowledge entry',
          params: Params,
          response: withErrors({ 200: Entry }),
        },
      },
      async (request) => service.get(request.params.id),
    );

    app.post(
      '/api/v1/knowledge/entries',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Add an FAQ entry (one language; translations share the source id)',
          body: CreateBody,
          response: withErrors({ 201: Entry }),
        },
      },
      async (request, reply) => {
        const entry = await service.create(request.body, by(request));
        return reply.code(201).send(entry);
      },
    );

    app.put(
      '/api/v1/knowledge/entries/:id',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Change an FAQ entry’s question, phrasings, answer and tags',
          params: Params,
          body: UpdateBody,
          response: withErrors({ 200: Entry }),
        },
      },
      async (request) => service.update(request.params.id, request.body, by(request)),
    );

    app.delete(
      '/api/v1/knowledge/entries/:id',
      {
        config: { access: 'knowledge:write' },
        schema: {
          tags,
          summary: 'Delete an FAQ entry',
          params: Params,
          response: withErrors({ 200: Type.Object({ ok: Type.Literal(true) }) }),
        },
      },
      async (request) => {
        await service.remove(request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/knowledge/search',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary: 'Ranked entries for a question, with BM25F scores and confidences',
          querystring: Type.Object(
            { ...Question.properties, limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: SearchReply }),
        },
      },
      async (request) =>
        service.search(request.query.q, request.query.language, { limit: request.query.limit ?? 5 }),
    );

    app.get(
      '/api/v1/knowledge/answer',
      {
        config: { access: 'knowledge:read' },
        schema: {
          tags,
          summary:
            'The assistant’s answer from the knowledge base, citing its source, or no answer (handoff)',
          querystring: Question,
          response: withErrors({ 200: AnswerReply }),
        },
      },
      async (request) => service.answer({ text: request.query.q, language: request.query.language }),
    );
  };
}
