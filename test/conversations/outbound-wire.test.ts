import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { ConversationsApi, OutboundDraft } from '../../src/conversations';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  type ConversationsTestApp,
  type GraphRequest,
  SLOW_MACHINE_TIMEOUTS,
} from './support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// Pins the wire: the exact bytes that the outbound path (service → queue → dispatcher → adapter) puts
// on the Graph API — here the sandbox's — for each kind of message Filo sends, and the read receipt
// with its typing indicator. The sandbox accepts each one, as Meta would.

const WA_ID = '393331234567';
const MESSAGES_PATH = '/sandbox/whatsapp/v23.0/100000000000001/messages';
const envelope = { messaging_product: 'whatsapp', recipient_type: 'individual', to: WA_ID } as const;

const CASES: readonly { name: string; draft: OutboundDraft; wire: unknown }[] = [
  {
    name: 'text',
    draft: { type: 'text', body: 'Ciao Giulia, grazie per averci scritto!' },
    wire: {
      ...envelope,
      type: 'text',
      text: { preview_url: false, body: 'Ciao Giulia, grazie per averci scritto!' },
    },
  },
  {
    name: 'template with named parameters',
    draft: {
      type: 'template',
      name: 'conversation_restart',
      language: 'it',
      body: { format: 'named', values: [{ name: 'first_name', text: 'Giulia' }] },
    },
    wire: {
      ...envelope,
      type: 'template',
      template: {
        name: 'conversation_restart',
        language: { code: 'it' },
        components: [
          { type: 'body', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Giulia' }] },
        ],
      },
    },
  },
  {
    name: 'reply buttons',
    draft: {
      type: 'buttons',
      body: 'Vuoi sostenere la mensa scolastica?',
      footer: 'Filo Solidale',
      buttons: [
        { id: 'give:500', title: 'Dono 5 €' },
        { id: 'give:1000', title: 'Dono 10 €' },
        { id: 'later', title: 'Più tardi' },
      ],
    },
    wire: {
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'button',
        body: { text: 'Vuoi sostenere la mensa scolastica?' },
        footer: { text: 'Filo Solidale' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'give:500', title: 'Dono 5 €' } },
            { type: 'reply', reply: { id: 'give:1000', title: 'Dono 10 €' } },
            { type: 'reply', reply: { id: 'later', title: 'Più tardi' } },
          ],
        },
      },
    },
  },
  {
    name: 'list',
    draft: {
      type: 'list',
      header: 'I nostri progetti',
      body: 'Quale progetto vuoi seguire?',
      buttonText: 'Progetti',
      sections: [
        {
          title: 'In corso',
          rows: [
            { id: 'project:mensa', title: 'Mensa scolastica', description: 'Pasti caldi a Scampia' },
            { id: 'project:acqua', title: 'Acqua pulita' },
          ],
        },
      ],
    },
    wire: {
      ...envelope,
      type: 'interactive',
      interactive: {
        type: 'list',
        header: { type: 'text', text: 'I nostri progetti' },
        body: { text: 'Quale progetto vuoi seguire?' },
        action: {
          button: 'Progetti',
          sections: [
            {
              title: 'In corso',
              rows: [
                { id: 'project:mensa', title: 'Mensa scolastica', description: 'Pasti caldi a Scampia' },
                { id: 'project:acqua', title: 'Acqua pulita' },
              ],
            },
          ],
        },
      },
    },
  },
  {
    name: 'image by link',
    draft: {
      type: 'media',
      kind: 'image',
      source: { link: 'https://filo.example.org/media/mensa.jpg' },
      caption: 'La mensa, oggi',
    },
    wire: {
      ...envelope,
      type: 'image',
      image: { link: 'https://filo.example.org/media/mensa.jpg', caption: 'La mensa, oggi' },
    },
  },
  {
    name: 'document by link',
    draft: {
      type: 'media',
      kind: 'document',
      source: { link: 'https://filo.example.org/receipts/R-7K2Q.pdf' },
      caption: 'La tua ricevuta',
      filename: 'ricevuta-R-7K2Q.pdf',
    },
    wire: {
      ...envelope,
      type: 'document',
      document: {
        link: 'https://filo.example.org/receipts/R-7K2Q.pdf',
        caption: 'La tua ricevuta',
        filename: 'ricevuta-R-7K2Q.pdf',
      },
    },
  },
];

function sends(requests: readonly GraphRequest[]): GraphRequest[] {
  return requests.filter((r) => r.method === 'POST' && r.path === MESSAGES_PATH);
}

describe.each(ENGINES)('the outbound wire to the Graph API (%s)', (engine) => {
  let t: ConversationsTestApp;
  let conversationId: string;
  let service: ConversationsApi;
  const auth = (): Record<string, string> => ({ authorization: `Bearer ${t.keys.agent}` });

  beforeAll(async () => {
    t = await createConversationsApp(engine);
    await t.startWorkers();
    service = t.modules.find((m) => m.name === 'conversations')?.service as ConversationsApi;
    // The supporter writes first: the 24-hour window is open for free-form messages.
    await t.sandbox.phoneSend({ waId: WA_ID, name: 'Giulia', text: 'Ciao!' });
    const list = await eventually(
      async () =>
        (await t.app.inject({ method: 'GET', url: '/api/v1/inbox/conversations', headers: auth() })).json<{
          items: { id: string }[];
        }>(),
      (body) => body.items.length === 1,
    );
    conversationId = list.items[0]!.id;
  });
  afterAll(async () => t.dispose());

  it.each(CASES)('$name', async ({ draft, wire }) => {
    const before = sends(t.graphRequests).length;
    const queued = await service.reply(conversationId, draft, 'system');
    const [request] = await eventually(
      async () => sends(t.graphRequests).slice(before),
      (found) => found.length > 0,
    );
    expect(request!.rawBody).toBe(JSON.stringify(wire));
    expect(request!.headers.authorization).toBe('Bearer test-access-token');
    expect(request!.headers['content-type']).toBe('application/json');
    // The sandbox took it and WhatsApp-style statuses came back: the message is delivered.
    await eventually(
      async () =>
        t.t.store.db
          .selectFrom('messages')
          .select(['status', 'provider_message_id'])
          .where('id', '=', queued.messageId)
          .executeTakeFirstOrThrow(),
      (row) => row.status === 'delivered' && row.provider_message_id !== null,
    );
    expect(sends(t.graphRequests)).toHaveLength(before + 1);
    expect(t.sandbox.stats().rejected).toEqual({});
  });

  it('marks the supporter’s message read with a typing indicator, and without one', async () => {
    const inbound = t.sandbox.phoneThread(WA_ID).messages.find((m) => m.direction === 'in')!;
    const before = t.graphRequests.length;
    const typing = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversationId}/read?typing=true`,
      headers: auth(),
    });
    expect(typing.statusCode, typing.body).toBe(200);
    const [request] = await eventually(
      async () => sends(t.graphRequests.slice(before)),
      (found) => found.length > 0,
    );
    expect(request!.rawBody).toBe(
      JSON.stringify({
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: inbound.id,
        typing_indicator: { type: 'text' },
      }),
    );
    await eventually(
      async () => t.sandbox.phoneThread(WA_ID).messages.find((m) => m.id === inbound.id)?.status,
      (status) => status === 'read',
    );

    // A plain read (the agent opens the conversation) carries no typing indicator.
    const plain = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversationId}/read`,
      headers: auth(),
    });
    expect(plain.statusCode, plain.body).toBe(200);
    const [second] = await eventually(
      async () => sends(t.graphRequests.slice(before)).slice(1),
      (found) => found.length > 0,
    );
    expect(second!.rawBody).toBe(
      JSON.stringify({ messaging_product: 'whatsapp', status: 'read', message_id: inbound.id }),
    );

    const bad = await t.app.inject({
      method: 'POST',
      url: `/api/v1/inbox/conversations/${conversationId}/read?typing=maybe`,
      headers: auth(),
    });
    expect(bad.statusCode).toBe(400);
  });
});
