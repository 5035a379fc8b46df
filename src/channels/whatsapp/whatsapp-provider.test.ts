import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { OutboundButtons, OutboundList, OutboundMessage, OutboundTemplate, SendResult } from '../port';
import { createFakeGraphApi, type FakeGraphApi } from './fake-graph-api';
import { createWhatsAppProvider, type WhatsAppProvider } from './whatsapp-provider';
import type { WhatsAppConfig } from './config';

// Pins the wire: the request bodies equal Meta's documented examples (test/fixtures/whatsapp/api), byte
// for byte once re-serialised, and the URL, method and headers are the Graph API's. Limits are refused
// before anything is sent, with stable codes.

const API = new URL('../../../test/fixtures/whatsapp/api/', import.meta.url);
const vector = (name: string): unknown => JSON.parse(readFileSync(new URL(name, API), 'utf8')) as unknown;

const TOKEN = 'EAAJB-test-access-token';

function setup(overrides: Partial<WhatsAppConfig> = {}): { provider: WhatsAppProvider; graph: FakeGraphApi } {
  const graph = createFakeGraphApi();
  const provider = createWhatsAppProvider({
    appSecret: 'app-secret',
    verifyToken: 'verify-token',
    accessToken: TOKEN,
    phoneNumberId: '106540352242922',
    fetch: graph.fetch,
    ...overrides,
  });
  return { provider, graph };
}

async function sentBody(
  message: OutboundMessage,
): Promise<{ body: unknown; raw: string | null; result: SendResult }> {
  const { provider, graph } = setup();
  const result = await provider.send(message);
  expect(result.ok, JSON.stringify(result)).toBe(true);
  expect(graph.requests).toHaveLength(1);
  return { body: graph.requests[0]?.body, raw: graph.requests[0]?.rawBody ?? null, result };
}

const BUTTONS: OutboundButtons = {
  type: 'buttons',
  to: '+16505551234',
  header: { type: 'image', source: { id: '2762702990552401' } },
  body: 'Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule. Thank you!',
  footer: 'Lucky Shrub: Your gateway to succulents!™',
  buttons: [
    { id: 'change-button', title: 'Change' },
    { id: 'cancel-button', title: 'Cancel' },
  ],
};

const LIST: OutboundList = {
  type: 'list',
  to: '+16505551234',
  header: 'Choose Shipping Option',
  body: 'Which shipping option do you prefer?',
  footer: 'Lucky Shrub: Your gateway to succulents™',
  buttonText: 'Shipping Options',
  sections: [
    {
      title: 'I want it ASAP!',
      rows: [
        { id: 'priority_express', title: 'Priority Mail Express', description: 'Next Day to 2 Days' },
        { id: 'priority_mail', title: 'Priority Mail', description: '1–3 Days' },
      ],
    },
    {
      title: 'I can wait a bit',
      rows: [
        { id: 'usps_ground_advantage', title: 'USPS Ground Advantage', description: '2–5 Days' },
        { id: 'media_mail', title: 'Media Mail', description: '2–8 Days' },
      ],
    },
  ],
};

const TEMPLATE: OutboundTemplate = {
  type: 'template',
  to: '+16505551234',
  name: 'order_confirmation',
  language: 'en_US',
  body: {
    format: 'named',
    values: [
      { name: 'first_name', text: 'Jessica' },
      { name: 'order_number', text: 'SKBUP2-4CPIG9' },
    ],
  },
};

describe("WhatsApp send: the bodies of Meta's own examples", () => {
  it.each([
    ['meta_docs_send_interactive_buttons_request.json', BUTTONS],
    ['meta_docs_send_interactive_list_request.json', LIST],
    ['meta_docs_send_template_named_params_request.json', TEMPLATE],
    ['sdk_mark_read_request.json', { type: 'mark_read', messageId: 'MESSAGE_ID' } satisfies OutboundMessage],
  ] as const)('builds %s', async (name, message) => {
    const expected = vector(name);
    const { body, raw } = await sentBody(message);
    expect(body).toEqual(expected);
    // Same keys in the same order: the exact bytes Meta's example would serialise to.
    expect(raw).toBe(JSON.stringify(expected));
  });
});

describe('WhatsApp send: the request', () => {
  it('POSTs JSON to /{version}/{phone-number-id}/messages with the bearer token', async () => {
    const { provider, graph } = setup();
    await provider.send({ type: 'text', to: '393331112222', body: 'Grazie!' });
    const [request] = graph.requests;
    expect(request).toMatchObject({
      url: 'https://graph.facebook.com/v23.0/106540352242922/messages',
      method: 'POST',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    });
  });

  it('uses the configured Graph URL and version (the sandbox)', async () => {
    const { provider, graph } = setup({ graphUrl: 'http://127.0.0.1:4010/graph/', graphVersion: 'v24.0' });
    await provider.send({ type: 'text', to: '393331112222', body: 'Grazie!' });
    expect(graph.requests[0]?.url).toBe('http://127.0.0.1:4010/graph/v24.0/106540352242922/messages');
  });

  it('returns the message id and the recipient key from the response', async () => {
    const { provider, graph } = setup();
    graph.reply({ status: 200, body: vector('meta_docs_send_response.json') });
    expect(await provider.send(TEMPLATE)).toEqual({
      ok: true,
      providerMessageId: 'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA',
      recipientKey: '16505551234',
    });
  });

  it('marks a message read with a typing indicator', async () => {
    const { body, result } = await sentBody({ type: 'mark_read', messageId: 'wamid.IN1', typing: true });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      status: 'read',
      message_id: 'wamid.IN1',
      typing_indicator: { type: 'text' },
    });
    expect(result).toEqual({ ok: true, providerMessageId: null, recipientKey: null });
  });
});

describe('WhatsApp send: other bodies', () => {
  it('text, with a link preview and a quoted message', async () => {
    const { body } = await sentBody({
      type: 'text',
      to: '393331112222',
      body: 'Vedi https://filo.example/p/1',
      previewUrl: true,
      replyTo: 'wamid.IN1',
    });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '393331112222',
      context: { message_id: 'wamid.IN1' },
      type: 'text',
      text: { preview_url: true, body: 'Vedi https://filo.example/p/1' },
    });
  });

  it('text without a preview says so explicitly', async () => {
    const { body } = await sentBody({ type: 'text', to: '393331112222', body: 'Ciao' });
    expect(body).toMatchObject({ text: { preview_url: false, body: 'Ciao' } });
  });

  it.each([
    [
      {
        type: 'media',
        to: '393331112222',
        kind: 'image',
        source: { link: 'https://filo.example/i.jpg' },
        caption: '3 pasti',
      },
      { type: 'image', image: { link: 'https://filo.example/i.jpg', caption: '3 pasti' } },
    ],
    [
      {
        type: 'media',
        to: '393331112222',
        kind: 'document',
        source: { link: 'https://filo.example/r.pdf' },
        caption: 'Ricevuta',
        filename: 'ricevuta.pdf',
      },
      {
        type: 'document',
        document: { link: 'https://filo.example/r.pdf', caption: 'Ricevuta', filename: 'ricevuta.pdf' },
      },
    ],
    [
      { type: 'media', to: '393331112222', kind: 'audio', source: { id: '1013859600285441' } },
      { type: 'audio', audio: { id: '1013859600285441' } },
    ],
    [
      { type: 'media', to: '393331112222', kind: 'video', source: { link: 'https://filo.example/v.mp4' } },
      { type: 'video', video: { link: 'https://filo.example/v.mp4' } },
    ],
  ] as const)('media %#', async (message, expected) => {
    const { body } = await sentBody(message);
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '393331112222',
      ...expected,
    });
  });

  it('a positional template with an image header and quick-reply payloads', async () => {
    const { body } = await sentBody({
      type: 'template',
      to: '393331112222',
      name: 'campaign_update',
      language: 'it',
      header: { type: 'image', source: { link: 'https://filo.example/h.jpg' } },
      body: { format: 'positional', values: ['Marco', 'Acqua pulita', '80%'] },
      quickReplyPayloads: ['give:5', 'stop'],
    });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '393331112222',
      type: 'template',
      template: {
        name: 'campaign_update',
        language: { code: 'it' },
        components: [
          { type: 'header', parameters: [{ type: 'image', image: { link: 'https://filo.example/h.jpg' } }] },
          {
            type: 'body',
            parameters: [
              { type: 'text', text: 'Marco' },
              { type: 'text', text: 'Acqua pulita' },
              { type: 'text', text: '80%' },
            ],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '0',
            parameters: [{ type: 'payload', payload: 'give:5' }],
          },
          {
            type: 'button',
            sub_type: 'quick_reply',
            index: '1',
            parameters: [{ type: 'payload', payload: 'stop' }],
          },
        ],
      },
    });
  });

  it('a named text header parameter, and a template without parameters', async () => {
    const named = await sentBody({
      type: 'template',
      to: '393331112222',
      name: 'hello',
      language: 'en',
      header: { type: 'text', name: 'first_name', text: 'Ada' },
    });
    expect(named.body).toMatchObject({
      template: {
        components: [
          { type: 'header', parameters: [{ type: 'text', parameter_name: 'first_name', text: 'Ada' }] },
        ],
      },
    });
    const bare = await sentBody({
      type: 'template',
      to: '393331112222',
      name: 'hello_world',
      language: 'en_US',
    });
    expect(bare.body).toMatchObject({ template: { name: 'hello_world', language: { code: 'en_US' } } });
    expect((bare.body as { template: object }).template).not.toHaveProperty('components');
  });

  it('sends to a business-scoped user id through `recipient`, not `to`', async () => {
    const { body } = await sentBody({ type: 'text', to: 'US.13491208655302741918', body: 'Ciao' });
    expect(body).toEqual({
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      recipient: 'US.13491208655302741918',
      type: 'text',
      text: { preview_url: false, body: 'Ciao' },
    });
  });
});

describe('WhatsApp send: limits are refused before sending', () => {
  const text = (n: number): string => 'x'.repeat(n);
  const rows = (n: number, prefix = 'r') =>
    Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, title: `Row ${i}` }));

  const cases: [string, OutboundMessage, string, Record<string, unknown>?][] = [
    [
      'a 4th reply button',
      { ...BUTTONS, buttons: [...BUTTONS.buttons, { id: 'c', title: 'C' }, { id: 'd', title: 'D' }] },
      'CHANNEL_TOO_MANY_BUTTONS',
      { limit: 3, count: 4 },
    ],
    ['no buttons', { ...BUTTONS, buttons: [] }, 'CHANNEL_FIELD_EMPTY', { field: 'buttons' }],
    [
      'a button title of 21',
      { ...BUTTONS, buttons: [{ id: 'a', title: text(21) }] },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'buttons[0].title', limit: 20, length: 21 },
    ],
    [
      'a button id of 257',
      { ...BUTTONS, buttons: [{ id: text(257), title: 'A' }] },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'buttons[0].id', limit: 256 },
    ],
    [
      'two buttons with one id',
      {
        ...BUTTONS,
        buttons: [
          { id: 'a', title: 'A' },
          { id: 'a', title: 'B' },
        ],
      },
      'CHANNEL_DUPLICATE_ID',
      { field: 'buttons[1].id' },
    ],
    [
      'an interactive body of 1025',
      { ...BUTTONS, body: text(1025) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'body', limit: 1024 },
    ],
    [
      'a header of 61',
      { ...BUTTONS, header: { type: 'text', text: text(61) } },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'header', limit: 60 },
    ],
    [
      'a footer of 61',
      { ...BUTTONS, footer: text(61) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'footer', limit: 60 },
    ],
    [
      'an http header image',
      { ...BUTTONS, header: { type: 'image', source: { link: 'http://filo.example/i.jpg' } } },
      'CHANNEL_MEDIA_SOURCE_INVALID',
    ],
    [
      'an 11th list row across sections',
      {
        ...LIST,
        sections: [
          { title: 'A', rows: rows(6, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ],
      },
      'CHANNEL_TOO_MANY_LIST_ROWS',
      { limit: 10, count: 11 },
    ],
    [
      '11 sections',
      {
        ...LIST,
        sections: Array.from({ length: 11 }, (_, i) => ({ title: `S${i}`, rows: rows(1, `s${i}`) })),
      },
      'CHANNEL_TOO_MANY_LIST_SECTIONS',
    ],
    [
      'a row title of 25',
      { ...LIST, sections: [{ rows: [{ id: 'a', title: text(25) }] }] },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'sections[0].rows[0].title', limit: 24 },
    ],
    [
      'a row description of 73',
      { ...LIST, sections: [{ rows: [{ id: 'a', title: 'A', description: text(73) }] }] },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'sections[0].rows[0].description', limit: 72 },
    ],
    [
      'a row id of 201',
      { ...LIST, sections: [{ rows: [{ id: text(201), title: 'A' }] }] },
      'CHANNEL_FIELD_TOO_LONG',
      { limit: 200 },
    ],
    [
      'a section title of 25',
      { ...LIST, sections: [{ title: text(25), rows: rows(1) }] },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'sections[0].title', limit: 24 },
    ],
    [
      'untitled sections',
      { ...LIST, sections: [{ rows: rows(1, 'a') }, { rows: rows(1, 'b') }] },
      'CHANNEL_SECTION_TITLE_REQUIRED',
    ],
    [
      'a list button of 21',
      { ...LIST, buttonText: text(21) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'buttonText', limit: 20 },
    ],
    [
      'a row id used twice',
      {
        ...LIST,
        sections: [
          { title: 'A', rows: rows(1) },
          { title: 'B', rows: rows(1) },
        ],
      },
      'CHANNEL_DUPLICATE_ID',
    ],
    [
      'a list body of 1025',
      { ...LIST, body: text(1025) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'body', limit: 1024 },
    ],
    [
      'a text of 4097',
      { type: 'text', to: '393331112222', body: text(4097) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'body', limit: 4096 },
    ],
    ['a blank text', { type: 'text', to: '393331112222', body: '  ' }, 'CHANNEL_FIELD_EMPTY'],
    [
      'a caption of 1025',
      { type: 'media', to: '393331112222', kind: 'image', source: { id: '1' }, caption: text(1025) },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'caption', limit: 1024 },
    ],
    [
      'a caption on audio',
      { type: 'media', to: '393331112222', kind: 'audio', source: { id: '1' }, caption: 'x' },
      'CHANNEL_MESSAGE_UNSUPPORTED',
    ],
    [
      'a file name on an image',
      { type: 'media', to: '393331112222', kind: 'image', source: { id: '1' }, filename: 'a.jpg' },
      'CHANNEL_MESSAGE_UNSUPPORTED',
    ],
    [
      'a non-URL media link',
      { type: 'media', to: '393331112222', kind: 'image', source: { link: 'not a url' } },
      'CHANNEL_MEDIA_SOURCE_INVALID',
    ],
    [
      'a recipient that is no number',
      { type: 'text', to: 'mario@example.org', body: 'x' },
      'CHANNEL_RECIPIENT_INVALID',
    ],
    ['a recipient too short', { type: 'text', to: '12345', body: 'x' }, 'CHANNEL_RECIPIENT_INVALID'],
    [
      'a template name with capitals and spaces',
      { ...TEMPLATE, name: 'Order Confirmation' },
      'CHANNEL_TEMPLATE_NAME_INVALID',
    ],
    [
      'a template language that is no code',
      { ...TEMPLATE, language: 'english' },
      'CHANNEL_TEMPLATE_LANGUAGE_INVALID',
    ],
    [
      'a named parameter with a capital',
      { ...TEMPLATE, body: { format: 'named', values: [{ name: 'firstName', text: 'x' }] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'name' },
    ],
    [
      'a named parameter twice',
      {
        ...TEMPLATE,
        body: {
          format: 'named',
          values: [
            { name: 'a', text: 'x' },
            { name: 'a', text: 'y' },
          ],
        },
      },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'duplicate' },
    ],
    [
      'a parameter with a new line',
      { ...TEMPLATE, body: { format: 'positional', values: ['a\nb'] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'whitespace' },
    ],
    [
      'a parameter with a tab',
      { ...TEMPLATE, body: { format: 'positional', values: ['a\tb'] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'whitespace' },
    ],
    [
      'a parameter with 5 spaces in a row',
      { ...TEMPLATE, body: { format: 'positional', values: ['a     b'] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'whitespace' },
    ],
    [
      'an empty parameter',
      { ...TEMPLATE, body: { format: 'positional', values: [''] } },
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { rule: 'empty' },
    ],
    [
      'a header parameter of 61',
      { ...TEMPLATE, header: { type: 'text', text: text(61) } },
      'CHANNEL_FIELD_TOO_LONG',
      { field: 'header.text', limit: 60 },
    ],
    [
      '11 quick replies',
      { ...TEMPLATE, quickReplyPayloads: Array.from({ length: 11 }, (_, i) => `p${i}`) },
      'CHANNEL_TOO_MANY_BUTTONS',
      { limit: 10 },
    ],
    ['a blank message id to mark read', { type: 'mark_read', messageId: ' ' }, 'CHANNEL_FIELD_EMPTY'],
    [
      'a message of an unknown type',
      { type: 'sticker', to: '393331112222' } as unknown as OutboundMessage,
      'CHANNEL_MESSAGE_UNSUPPORTED',
    ],
    [
      'a message without its fields',
      { type: 'text', to: '393331112222' } as unknown as OutboundMessage,
      'CHANNEL_MESSAGE_UNSUPPORTED',
    ],
  ];

  it.each(cases)('refuses %s', async (_, message, code, details) => {
    const { provider, graph } = setup();
    const result = await provider.send(message);
    expect(result).toMatchObject({
      ok: false,
      failure: { kind: 'invalid_message', retry: false, code, providerCode: null },
    });
    if (details !== undefined && !result.ok) expect(result.failure.details).toMatchObject(details);
    expect(graph.requests).toHaveLength(0);
  });

  it.each([
    [
      '3 buttons with 20-character titles (emoji count as one)',
      {
        ...BUTTONS,
        buttons: [
          { id: 'a', title: '🙏'.repeat(20) },
          { id: 'b', title: text(20) },
          { id: 'c', title: 'C' },
        ],
      },
    ],
    [
      '10 rows across sections',
      {
        ...LIST,
        sections: [
          { title: 'A', rows: rows(5, 'a') },
          { title: 'B', rows: rows(5, 'b') },
        ],
      },
    ],
    ['a single untitled section', { ...LIST, sections: [{ rows: rows(3) }] }],
    ['a text of exactly 4096', { type: 'text', to: '+393331112222', body: text(4096) }],
    [
      'a parameter with 4 spaces in a row',
      { ...TEMPLATE, body: { format: 'positional', values: ['a    b'] } },
    ],
  ] as [string, OutboundMessage][])('sends %s', async (_, message) => {
    const { provider, graph } = setup();
    expect(await provider.send(message)).toMatchObject({ ok: true });
    expect(graph.requests).toHaveLength(1);
  });
});

describe('WhatsApp send: failures are classified, never thrown', () => {
  it("reads Meta's 130429 error response as a sender rate limit, with its details", async () => {
    const { provider, graph } = setup();
    graph.reply({ status: 400, body: vector('meta_docs_error_130429.json') });
    expect(await provider.send(TEMPLATE)).toEqual({
      ok: false,
      failure: {
        kind: 'rate_limited',
        retry: true,
        scope: 'sender',
        retryAfterMs: 1000,
        code: 'CHANNEL_SEND_FAILED',
        message: '(#130429) Rate limit hit',
        providerCode: 130429,
        httpStatus: 400,
        details: {
          subcode: 2494055,
          details: 'Cloud API message throughput has been reached.',
          fbtraceId: 'Az8or2yhqkZfEZ-_4Qn_Bam',
        },
      },
    });
  });

  it.each([
    [
      { status: 400, body: { error: { code: 131047, message: 'Re-engagement message' } } },
      { kind: 'reengagement_required', action: 'use_template' },
    ],
    [
      {
        status: 401,
        body: { error: { code: 190, message: 'Invalid OAuth access token', type: 'OAuthException' } },
      },
      { kind: 'auth_invalid', action: 'pause_channel' },
    ],
    [
      { status: 400, body: { error: { code: 131056, message: 'Pair rate limit hit' } } },
      { kind: 'pair_rate_limited', scope: 'recipient' },
    ],
    [
      { status: 400, body: { error: { code: 100, message: 'Invalid parameter' } } },
      { kind: 'permanent', retry: false },
    ],
    [
      { status: 503, text: '<html>Service Unavailable</html>' },
      { kind: 'transient', retry: true, httpStatus: 503, providerCode: null },
    ],
    [
      { status: 500, body: { error: { code: 1, message: 'An unknown error occurred' } } },
      { kind: 'transient', providerCode: 1 },
    ],
    [
      { status: 429, text: '' },
      { kind: 'rate_limited', scope: 'sender' },
    ],
    [{ networkError: true }, { kind: 'transient', retry: true, httpStatus: null, providerCode: null }],
  ] as const)('classifies reply %# from the Graph API', async (reply, expected) => {
    const { provider, graph } = setup();
    graph.reply(reply);
    const result = await provider.send(TEMPLATE);
    expect(result).toMatchObject({ ok: false, failure: expected });
    // A failure is logged and stored: it must never carry the access token.
    expect(JSON.stringify(result)).not.toContain(TOKEN);
  });

  it('gives up on a request that does not answer in time, as transient', async () => {
    const { provider, graph } = setup({ timeoutMs: 20 });
    graph.reply({ hang: true });
    expect(await provider.send(TEMPLATE)).toMatchObject({
      ok: false,
      failure: { kind: 'transient', message: expect.stringContaining('TimeoutError') },
    });
  });

  it('does not retry a 2xx it cannot read, since the message may have gone out', async () => {
    const { provider, graph } = setup();
    graph.reply(
      { status: 200, body: { messaging_product: 'whatsapp' } },
      { status: 200, body: { success: false } },
    );
    expect(await provider.send(TEMPLATE)).toMatchObject({
      ok: false,
      failure: {
        kind: 'permanent',
        retry: false,
        code: 'CHANNEL_PROVIDER_RESPONSE_INVALID',
        httpStatus: 200,
      },
    });
    expect(await provider.send({ type: 'mark_read', messageId: 'wamid.1' })).toMatchObject({
      ok: false,
      failure: { code: 'CHANNEL_PROVIDER_RESPONSE_INVALID' },
    });
  });
});

describe('WhatsApp configuration', () => {
  const base: WhatsAppConfig = { appSecret: 's', verifyToken: 'v', accessToken: 't', phoneNumberId: '1' };

  it.each([
    ['no app secret', { appSecret: '' }],
    ['no access token', { accessToken: ' ' }],
    ['no verify token', { verifyToken: '' }],
    ['a phone number id that is not digits', { phoneNumberId: '1/../2' }],
    ['a business account id that is not digits', { businessAccountId: 'abc' }],
    ['a version that is not vNN.N', { graphVersion: '23' }],
    ['a Graph URL that is not a URL', { graphUrl: 'graph.facebook.com' }],
    ['a Graph URL with a query', { graphUrl: 'https://graph.facebook.com/?x=1' }],
    ['a zero timeout', { timeoutMs: 0 }],
  ] as [string, Partial<WhatsAppConfig>][])('refuses %s with CHANNEL_CONFIG_INVALID', (_, change) => {
    expect(() => createWhatsAppProvider({ ...base, ...change })).toThrow(
      expect.objectContaining({ code: 'CHANNEL_CONFIG_INVALID' }),
    );
  });

  it('never puts a secret in a configuration error', () => {
    try {
      createWhatsAppProvider({ ...base, appSecret: 'super-secret-value', phoneNumberId: 'x' });
    } catch (error) {
      expect(String((error as Error).message)).not.toContain('super-secret-value');
    }
  });

  it('exposes its kind and frozen capabilities', () => {
    const { provider } = setup();
    expect(provider.kind).toBe('whatsapp');
    expect(Object.isFrozen(provider.capabilities)).toBe(true);
    expect(provider.capabilities.buttons).toMatchObject({ max: 3 });
  });
});
