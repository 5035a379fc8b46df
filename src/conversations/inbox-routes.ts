import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import { FiloError } from '../core';
import { IdentityErrors } from '../identity';
import { Id, Language, withErrors } from '../http/schemas';
import type { Inbox } from './inbox';
import type { LiveHub } from './live';
import type { ConversationsService } from './service';
import type { TemplateRegistry } from './templates';

// /api/v1/inbox: the shared inbox. Reading needs inbox:read; answering, assigning, notes and canned
// replies need inbox:write. Replies go through the same outbound path as everything else.

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

const Summary = Type.Object({
  id: Type.String(),
  contactId: Type.String(),
  contactName: Nullable(Type.String()),
  channel: Type.String(),
  mode: Type.Union([Type.Literal('assistant'), Type.Literal('agent')]),
  handoffReason: Nullable(Type.String()),
  assignedUserId: Nullable(Type.String()),
  unreadCount: Type.Integer(),
  waitingSince: Nullable(Type.String()),
  lastMessageAt: Nullable(Type.String()),
  lastPreview: Nullable(Type.String()),
  windowOpen: Type.Boolean(),
  windowExpiresAt: Nullable(Type.String()),
  updatedAt: Type.String(),
});

const Message = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  kind: Type.String(),
  content: Type.Unknown(),
  author: Type.String(),
  status: Type.String(),
  statusAt: Type.String(),
  error: Type.Unknown(),
  createdAt: Type.String(),
});

const Note = Type.Object({
  id: Type.String(),
  authorUserId: Type.String(),
  body: Type.String(),
  createdAt: Type.String(),
});
const Canned = Type.Object({
  id: Type.String(),
  title: Type.String(),
  body: Type.String(),
  language: Type.String(),
});

const Thread = Type.Object({
  conversation: Summary,
  messages: Type.Array(Message),
  notes: Type.Array(Note),
  contact: Type.Object({
    id: Type.String(),
    displayName: Nullable(Type.String()),
    email: Nullable(Type.String()),
    phone: Nullable(Type.String()),
    language: Type.String(),
    timeZone: Type.String(),
    country: Nullable(Type.String()),
    createdAt: Type.String(),
    consents: Type.Array(
      Type.Object({
        channel: Type.String(),
        purpose: Type.String(),
        status: Type.String(),
        source: Type.String(),
        wordingVersion: Type.String(),
        recordedAt: Type.String(),
      }),
    ),
  }),
  donations: Type.Array(
    Type.Object({
      id: Type.String(),
      receiptCode: Type.String(),
      grossMinor: Type.Integer(),
      currency: Type.String(),
      receivedAt: Type.String(),
      refundedMinor: Type.Integer(),
      spentMinor: Type.Integer(),
    }),
  ),
});

const TemplateParameter = Type.Object({
  component: Type.Union([Type.Literal('header'), Type.Literal('body')]),
  format: Type.Union([Type.Literal('named'), Type.Literal('positional')]),
  /** Named: the placeholder's name; positional: null. */
  name: Nullable(Type.String()),
  /** Positional: 1 for {{1}}; named: null. */
  position: Nullable(Type.Integer()),
  example: Nullable(Type.String()),
});

const Template = Type.Object({
  id: Type.String(),
  name: Type.String(),
  language: Type.String(),
  category: Type.String(),
  status: Type.String(),
  parameterFormat: Type.Union([Type.Literal('named'), Type.Literal('positional')]),
  parameters: Type.Array(TemplateParameter),
  quickReplies: Type.Array(Type.String()),
  syncedAt: Type.String(),
});

const TemplateSync = Type.Object({
  attemptedAt: Type.String(),
  succeededAt: Nullable(Type.String()),
  error: Nullable(Type.Object({ code: Type.String(), message: Type.String() })),
  skipped: Type.Array(
    Type.Object({ name: Nullable(Type.String()), language: Nullable(Type.String()), reason: Type.String() }),
  ),
  templateCount: Type.Integer(),
});

const Params = Type.Object({ id: Id });
const Ok = Type.Object({ ok: Type.Literal(true) });

function userId(request: FastifyRequest): string {
  const principal = request.principal;
  if (principal === null) throw new FiloError(IdentityErrors.AUTH_REQUIRED);
  return principal.kind === 'user' ? principal.id : `apikey:${principal.id}`;
}

export function inboxRoutes(d: {
  inbox: Inbox;
  service: ConversationsService;
  live: LiveHub;
  templates: TemplateRegistry;
}): FastifyPluginAsyncTypebox {
  return async (app) => {
    const tags = ['inbox'];
    const templateList = async () => ({
      items: (await d.templates.list()).map((t) => ({
        id: t.id,
        name: t.name,
        language: t.language,
        category: t.category,
        status: t.status,
        parameterFormat: t.parameterFormat,
        parameters: t.parameters.map((p) => ({
          component: p.component,
          format: p.format,
          name: p.format === 'named' ? p.name : null,
          position: p.format === 'positional' ? p.position : null,
          example: p.example,
        })),
        quickReplies: [...t.quickReplies],
        syncedAt: t.syncedAt,
      })),
      lastSync: await d.templates.state(),
    });

    app.get(
      '/api/v1/inbox/templates',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary:
            'WhatsApp message templates as last synced from the Graph API (every status; DELETED once no longer listed), and the last sync',
          response: withErrors({
            200: Type.Object({ items: Type.Array(Template), lastSync: Nullable(TemplateSync) }),
          }),
        },
      },
      templateList,
    );

    app.post(
      '/api/v1/inbox/templates/sync',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Read the templates from the Graph API now (say, one was just approved)',
          response: withErrors({
            200: Type.Object({ items: Type.Array(Template), lastSync: Nullable(TemplateSync) }),
          }),
        },
      },
      async () => {
        await d.templates.sync();
        return templateList();
      },
    );
    app.get(
      '/api/v1/inbox/conversations',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary:
            'Conversations, most recent first, with unread counts, waiting times and the 24-hour window',
          querystring: Type.Object(
            {
              filter: Type.Union(
                [
                  Type.Literal('all'),
                  Type.Literal('waiting'),
                  Type.Literal('mine'),
                  Type.Literal('assistant'),
                ],
                { default: 'all' },
              ),
              limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Type.Object({ items: Type.Array(Summary) }) }),
        },
      },
      async (request) => {
        const principal = request.principal;
        const items = await d.inbox.list({
          filter: request.query.filter,
          limit: request.query.limit,
          userId: principal?.kind === 'user' ? principal.id : null,
        });
        return { items };
      },
    );

    app.get(
      '/api/v1/inbox/conversations/:id',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary: 'One conversation: messages, notes, the supporter and their giving',
          params: Params,
          response: withErrors({ 200: Thread }),
        },
      },
      async (request) => d.inbox.thread(request.params.id),
    );

    app.post(
      '/api/v1/inbox/conversations/:id/messages',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Answer the supporter (free-form inside the 24-hour window)',
          params: Params,
          body: Type.Object(
            { text: Type.String({ minLength: 1, maxLength: 4096 }) },
            { additionalProperties: false },
          ),
          response: withErrors({
            202: Type.Object({ messageId: Type.String(), conversationId: Type.String() }),
          }),
        },
      },
      async (request, reply) => {
        const queued = await d.service.reply(
          request.params.id,
          { type: 'text', body: request.body.text },
          `user:${userId(request)}`,
        );
        return reply.status(202).send({ messageId: queued.messageId, conversationId: queued.conversationId });
      },
    );

    app.post(
      '/api/v1/inbox/conversations/:id/read',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary:
            'Mark the conversation read (and the supporter’s messages read on WhatsApp or in the web chat); typing=true also shows "typing…" to the supporter',
          params: Params,
          querystring: Type.Object(
            { typing: Type.Optional(Type.Boolean()) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Ok }),
        },
      },
      async (request) => {
        await d.service.markRead(request.params.id, { typing: request.query.typing === true });
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/inbox/conversations/:id/assign',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Assign the conversation to an agent (null: unassign)',
          params: Params,
          body: Type.Object({ userId: Type.Union([Id, Type.Null()]) }, { additionalProperties: false }),
          response: withErrors({ 200: Ok }),
        },
      },
      async (request) => {
        await d.inbox.assign(request.params.id, request.body.userId);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/inbox/conversations/:id/handoff',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Take the conversation from the assistant',
          params: Params,
          body: Type.Object(
            { reason: Type.String({ minLength: 1, maxLength: 200 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 200: Ok }),
        },
      },
      async (request) => {
        await d.service.handoff(request.params.id, request.body.reason);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/inbox/conversations/:id/return-to-assistant',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Give the conversation back to the assistant',
          params: Params,
          response: withErrors({ 200: Ok }),
        },
      },
      async (request) => {
        await d.service.returnToAssistant(request.params.id);
        return { ok: true as const };
      },
    );

    app.post(
      '/api/v1/inbox/conversations/:id/notes',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Add an internal note (never sent to the supporter)',
          params: Params,
          body: Type.Object(
            { body: Type.String({ minLength: 1, maxLength: 4000 }) },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Note }),
        },
      },
      async (request, reply) =>
        reply.status(201).send(await d.inbox.addNote(request.params.id, userId(request), request.body.body)),
    );

    app.get(
      '/api/v1/inbox/agents',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary: 'People a conversation can be assigned to',
          response: withErrors({
            200: Type.Object({
              items: Type.Array(Type.Object({ id: Type.String(), name: Type.String(), role: Type.String() })),
            }),
          }),
        },
      },
      async () => ({ items: await d.inbox.agents() }),
    );

    app.get(
      '/api/v1/inbox/canned-replies',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary: 'Canned replies',
          response: withErrors({ 200: Type.Object({ items: Type.Array(Canned) }) }),
        },
      },
      async () => ({ items: await d.inbox.cannedReplies() }),
    );

    app.post(
      '/api/v1/inbox/canned-replies',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Add a canned reply',
          body: Type.Object(
            {
              title: Type.String({ minLength: 1, maxLength: 60 }),
              body: Type.String({ minLength: 1, maxLength: 4096 }),
              language: Language,
            },
            { additionalProperties: false },
          ),
          response: withErrors({ 201: Canned }),
        },
      },
      async (request, reply) => reply.status(201).send(await d.inbox.addCannedReply(request.body)),
    );

    app.delete(
      '/api/v1/inbox/canned-replies/:id',
      {
        config: { access: 'inbox:write' },
        schema: { tags, summary: 'Delete a canned reply', params: Params, response: withErrors({ 200: Ok }) },
      },
      async (request) => {
        await d.inbox.deleteCannedReply(request.params.id);
        return { ok: true as const };
      },
    );

    app.get(
      '/api/v1/inbox/changes',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary:
            'Live updates by long polling: conversations changed after the cursor (waits up to waitMs for one)',
          querystring: Type.Object(
            {
              since: Type.Optional(Type.String({ maxLength: 40 })),
              waitMs: Type.Integer({ minimum: 0, maximum: 30_000, default: 0 }),
            },
            { additionalProperties: false },
          ),
          response: withErrors({
            200: Type.Object({ cursor: Nullable(Type.String()), conversationIds: Type.Array(Type.String()) }),
          }),
        },
      },
      async (request) => {
        const since = request.query.since ?? null;
        const deadline = Date.now() + request.query.waitMs;
        const closed = new AbortController();
        request.raw.once('close', () => closed.abort());
        for (;;) {
          const changes = await d.inbox.changes(since);
          if (
            since === null ||
            changes.conversationIds.length > 0 ||
            Date.now() >= deadline ||
            closed.signal.aborted
          )
            return changes;
          // Woken at once by changes made in this process; other processes' changes are seen by the poll.
          await d.live.wait(Math.min(1_000, deadline - Date.now()), closed.signal);
        }
      },
    );

    app.get(
      '/api/v1/inbox/senders',
      {
        config: { access: 'inbox:read' },
        schema: {
          tags,
          summary: 'Sender numbers, and whether one is paused (its access token was refused)',
          response: withErrors({
            200: Type.Object({
              items: Type.Array(
                Type.Object({
                  id: Type.String(),
                  channel: Type.String(),
                  pausedAt: Nullable(Type.String()),
                  pauseReason: Nullable(Type.String()),
                }),
              ),
            }),
          }),
        },
      },
      async () => ({ items: await d.inbox.senders() }),
    );

    app.post(
      '/api/v1/inbox/senders/:id/resume',
      {
        config: { access: 'inbox:write' },
        schema: {
          tags,
          summary: 'Resume a paused sender once its access token is replaced',
          params: Params,
          response: withErrors({ 200: Ok }),
        },
      },
      async (request) => {
        await d.inbox.resumeSender(request.params.id);
        return { ok: true as const };
      },
    );
  };
}
