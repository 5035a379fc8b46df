import { Type } from '@sinclair/typebox';
import type { FastifyInstance } from 'fastify';
import type { WhatsAppSandbox } from './sandbox';

// The sandbox over HTTP: the Graph API subset (under `/{version}/…`, as graph.facebook.com has it) and
// the phone page's API (`/phone/…`). Mounted under a prefix, e.g. /sandbox/whatsapp inside Filo's
// demo, or on its own server in tests. Nothing here is under /api: it is not Filo's API.

const WaId = Type.String({ pattern: '^[1-9][0-9]{6,14}$' });
const Version = Type.String({ pattern: '^v[0-9]{1,3}\\.[0-9]{1,3}$' });
const NodeId = Type.String({ pattern: '^[0-9]{1,32}$' });

const PhoneMessage = Type.Object({
  id: Type.String(),
  direction: Type.Union([Type.Literal('in'), Type.Literal('out')]),
  numberId: Type.String(),
  type: Type.String(),
  text: Type.String(),
  options: Type.Array(Type.Object({ id: Type.String(), title: Type.String() })),
  at: Type.Number(),
  status: Type.String(),
  error: Type.Union([Type.Null(), Type.Object({ code: Type.Number(), title: Type.String() })]),
});

export function sandboxRoutes(sandbox: WhatsAppSandbox) {
  return async (app: FastifyInstance): Promise<void> => {
    const hide = { hide: true, tags: ['sandbox'] };
    app.post(
      '/:version/:numberId/messages',
      { schema: { ...hide, params: Type.Object({ version: Version, numberId: NodeId }) } },
      async (request, reply) => {
        const { numberId } = request.params as { numberId: string };
        const result = await sandbox.messages(numberId, request.headers.authorization, request.body);
        return reply.status(result.status).send(result.body);
      },
    );
    app.get(
      '/:version/:wabaId/message_templates',
      { schema: { ...hide, params: Type.Object({ version: Version, wabaId: NodeId }) } },
      async (request, reply) => {
        const { wabaId } = request.params as { wabaId: string };
        const result = await sandbox.listTemplates(wabaId, request.headers.authorization);
        return reply.status(result.status).send(result.body);
      },
    );

    app.get(
      '/phone/:waId',
      {
        schema: {
          ...hide,
          summary: 'A sandbox phone: its chat with the business',
          params: Type.Object({ waId: WaId }),
          response: {
            200: Type.Object({
              name: Type.String(),
              business: Type.Object({ numberId: Type.String(), display: Type.String() }),
              messages: Type.Array(PhoneMessage),
            }),
          },
        },
      },
      async (request) => {
        const { waId } = request.params as { waId: string };
        const number = sandbox.numbers[0];
        return {
          ...sandbox.phoneThread(waId),
          business: { numberId: number?.id ?? '', display: number?.display ?? '' },
        };
      },
    );
    app.post(
      '/phone/:waId/messages',
      {
        schema: {
          ...hide,
          summary: 'The sandbox phone writes to the business (or taps a button)',
          params: Type.Object({ waId: WaId }),
          body: Type.Object(
            {
              name: Type.String({ minLength: 1, maxLength: 60 }),
              text: Type.Optional(Type.String({ minLength: 1, maxLength: 4096 })),
              reply: Type.Optional(
                Type.Object({
                  id: Type.String({ minLength: 1, maxLength: 300 }),
                  title: Type.String({ minLength: 1, maxLength: 40 }),
                  toMessageId: Type.String({ minLength: 1, maxLength: 200 }),
                }),
              ),
            },
            { additionalProperties: false },
          ),
          response: { 201: PhoneMessage, 400: Type.Object({}, { additionalProperties: true }) },
        },
      },
      async (request, reply) => {
        const { waId } = request.params as { waId: string };
        const body = request.body as {
          name: string;
          text?: string;
          reply?: { id: string; title: string; toMessageId: string };
        };
        if (body.text === undefined && body.reply === undefined) {
          return reply.status(400).send({
            statusCode: 400,
            code: 'SANDBOX_MESSAGE_EMPTY',
            error: 'Bad Request',
            message: 'text or reply is required',
            requestId: String(request.id),
          });
        }
        const message = await sandbox.phoneSend({
          waId,
          name: body.name,
          ...(body.text !== undefined ? { text: body.text } : {}),
          ...(body.reply !== undefined ? { reply: body.reply } : {}),
        });
        return reply.status(201).send(message);
      },
    );
    app.post(
      '/phone/:waId/read',
      {
        schema: {
          ...hide,
          summary: 'The sandbox phone opens the chat: the business’s messages are read',
          params: Type.Object({ waId: WaId }),
          response: { 200: Type.Object({ read: Type.Integer() }) },
        },
      },
      async (request) => {
        const { waId } = request.params as { waId: string };
        return { read: await sandbox.phoneRead(waId) };
      },
    );
  };
}
