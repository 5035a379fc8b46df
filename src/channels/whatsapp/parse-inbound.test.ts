import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { InboundMessageEvent, NormalisedEvent, PreferenceEvent, StatusEvent } from '../port';
import { parseWhatsAppWebhook } from './parse-inbound';

// Every recorded webhook (test/fixtures/whatsapp/webhooks, from Meta's docs and pywa's test data) goes
// through the parser; synthetic bodies cover what no recording shows (BSUID-only users, played, stop…).

const FIXTURES = new URL('../../../test/fixtures/whatsapp/webhooks/', import.meta.url);
const fixture = (name: string): Buffer => readFileSync(new URL(name, FIXTURES));
const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

function events(body: Buffer | object): readonly NormalisedEvent[] {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  const result = parseWhatsAppWebhook(raw);
  if (!result.ok) throw new Error(`expected events, got ${result.error.code}: ${result.error.message}`);
  return result.events;
}

function only<T extends NormalisedEvent['type']>(
  body: Buffer | object,
  type: T,
): Extract<NormalisedEvent, { type: T }> {
  const list = events(body);
  expect(list).toHaveLength(1);
  const [event] = list;
  expect(event?.type).toBe(type);
  return event as Extract<NormalisedEvent, { type: T }>;
}

const PYWA_VIA = { id: '1122334455667', display: '972123456789', accountId: '1234567890987654321' };
const PYWA_USER = {
  key: '972987654321',
  name: 'Test Name',
  waId: '972987654321',
  userId: 'US.13491208655302741918',
  parentUserId: 'US.ENT.11815799212886844830',
  username: null,
};
const NO_CONTEXT = { replyTo: null, forwarded: false, frequentlyForwarded: false };

/** A `messages` webhook around the given value fields, as Meta wraps them. */
function webhook(value: Record<string, unknown>, field = 'messages'): object {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '15550783881', phone_number_id: '106540352242922' },
              ...value,
            },
            field,
          },
        ],
      },
    ],
  };
}

describe('parseWhatsAppWebhook: recorded inbound messages', () => {
  it('reads a text message with its sender, business number and time', () => {
    const event = only(fixture('pywa_inbound_text.json'), 'message');
    expect(event).toEqual({
      type: 'message',
      channel: 'whatsapp',
      dedupeKey: 'wamid.xyzxyz',
      via: PYWA_VIA,
      id: 'wamid.xyzxyz',
      from: PYWA_USER,
      sentAt: iso(1697043223),
      context: NO_CONTEXT,
      content: { kind: 'text', body: 'Body Text' },
    } satisfies InboundMessageEvent);
  });

  it.each([
    [
      'pywa_inbound_image.json',
      {
        kind: 'image',
        media: {
          id: '65463453',
          mimeType: 'image/jpeg',
          sha256: '4654+8g=',
          caption: null,
          filename: null,
          voice: false,
          animated: false,
        },
      },
      NO_CONTEXT,
    ],
    [
      'pywa_inbound_document.json',
      {
        kind: 'document',
        media: {
          id: '1234567890987654321',
          mimeType: 'application/pdf',
          sha256: 'grwfwe/ZPx0wAbdfbdeFUNItPZ0RylL8gGUvdt3YFqc18SY=',
          caption: 'caption',
          filename: 'filename.pdf',
          voice: false,
          animated: false,
        },
      },
      { replyTo: null, forwarded: true, frequentlyForwarded: false },
    ],
    [
      'pywa_inbound_location_current.json',
      { kind: 'location', latitude: 12.25089, longitude: 43.90539, name: null, address: null, url: null },
      { replyTo: null, forwarded: true, frequentlyForwarded: false },
    ],
    [
      'pywa_inbound_location_chosen.json',
      {
        kind: 'location',
        latitude: 37.4611978,
        longitude: -122.2164385,
        name: 'Facebook HQ',
        address: '1 Hacker Way, Menlo Park, CA 94025',
        url: 'https://maps.google.com/?cid=2000000000000000000',
      },
      { replyTo: null, forwarded: true, frequentlyForwarded: false },
    ],
    ['pywa_inbound_reaction.json', { kind: 'reaction', messageId: 'wamid.yzxyzx=', emoji: '😮' }, NO_CONTEXT],
    ['pywa_inbound_unreaction.json', { kind: 'reaction_removed', messageId: 'wamid.yzxyzx=' }, NO_CONTEXT],
    [
      'pywa_inbound_text_reply_context.json',
      { kind: 'text', body: 'replied text' },
      {
        replyTo: { id: 'wamid.xyzxyz==', from: '972123456789' },
        forwarded: false,
        frequentlyForwarded: false,
      },
    ],
    [
      'pywa_inbound_interactive_button_reply.json',
      { kind: 'button_reply', id: 'callback_data', title: 'title' },
      {
        replyTo: { id: 'wamid.xyzxyz', from: '1122334455667' },
        forwarded: false,
        frequentlyForwarded: false,
      },
    ],
    [
      'pywa_inbound_interactive_list_reply.json',
      { kind: 'list_reply', id: 'callback_data', title: 'title', description: 'description' },
      {
        replyTo: { id: 'wamid.xyzxyz', from: '1122334455667' },
        forwarded: false,
        frequentlyForwarded: false,
      },
    ],
    [
      'pywa_inbound_template_quick_reply_button.json',
      { kind: 'template_button', payload: 'callback_data', text: 'title' },
      {
        replyTo: { id: 'wamid.xyzxyz==', from: '972123456789' },
        forwarded: false,
        frequentlyForwarded: false,
      },
    ],
    [
      'pywa_inbound_unsupported.json',
      {
        kind: 'unsupported',
        providerType: 'unsupported',
        reason: 'provider',
        errors: [
          {
            code: 131051,
            title: 'Message type unknown',
            message: 'Message type unknown',
            details: 'Message type is currently not supported.',
          },
        ],
      },
      NO_CONTEXT,
    ],
  ])('reads %s', (name, content, context) => {
    const event = only(fixture(name), 'message');
    expect(event.content).toEqual(content);
    expect(event.context).toEqual(context);
    expect(event.from).toEqual(PYWA_USER);
    // pywa's fixtures come from two files with two business account ids; the number is the same.
    expect(event.via).toMatchObject({ id: PYWA_VIA.id, display: PYWA_VIA.display });
    expect(event.dedupeKey).toBe(event.id);
  });

  it.each([
    [
      'meta_docs_inbound_interactive_button_reply.json',
      { kind: 'button_reply', id: 'change-button', title: 'Change' },
      'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBJBM0Y4RUU0RUNFQkFDMjYzQUMA',
      1714510003,
    ],
    [
      'meta_docs_inbound_interactive_list_reply.json',
      {
        kind: 'list_reply',
        id: 'priority_express',
        title: 'Priority Mail Express',
        description: 'Next Day to 2 Days',
      },
      'wamid.HBgLMTY0NjcwNDM1OTUVAgARGBIwMjg0RkMxOEMyMkNEQUFFRDgA',
      1712595443,
    ],
  ])("reads Meta's own example %s", (name, content, replyToId, sent) => {
    const event = only(fixture(name), 'message');
    expect(event.content).toEqual(content);
    expect(event.context.replyTo).toEqual({ id: replyToId, from: '15550783881' });
    expect(event.sentAt).toBe(iso(sent));
    expect(event.from).toEqual({
      key: '16505551234',
      name: 'Pablo Morales',
      waId: '16505551234',
      userId: null,
      parentUserId: null,
      username: null,
    });
    expect(event.via).toEqual({
      id: '106540352242922',
      display: '15550783881',
      accountId: '102290129340398',
    });
  });

  it('reads a changed phone number as a system message, without contacts beside it', () => {
    const event = only(fixture('pywa_inbound_system_user_changed_number.json'), 'message');
    expect(event.from).toEqual({
      key: '972987654321',
      name: null,
      waId: '972987654321',
      userId: null,
      parentUserId: null,
      username: null,
    });
    expect(event.content).toEqual({
      kind: 'system',
      systemType: 'user_changed_number',
      body: 'User A changed from 972987654321 to 972912345678',
      newWaId: '972912345678',
      newUserId: null,
    });
  });

  it('reads every recorded body without error, into JSON-serialisable events', () => {
    const names = readdirSync(FIXTURES).filter((name) => name.endsWith('.json'));
    expect(names.length).toBeGreaterThanOrEqual(24);
    for (const name of names) {
      const list = events(fixture(name));
      expect(list.length, name).toBeGreaterThan(0);
      // Events travel through the job queue as JSON: nothing may be lost on the way.
      expect(JSON.parse(JSON.stringify(list)), name).toEqual(list);
    }
  });
});

describe('parseWhatsAppWebhook: recorded statuses', () => {
  it('reads a sent status with conversation-based (CBP) pricing and the contact beside it', () => {
    const event = only(fixture('pywa_status_sent.json'), 'status');
    expect(event).toEqual({
      type: 'status',
      channel: 'whatsapp',
      dedupeKey: 'wamid.xyzxyz:sent',
      via: { id: '1122334455667', display: '972123456789', accountId: '5467539754836534' },
      messageId: 'wamid.xyzxyz',
      status: 'sent',
      recipient: PYWA_USER,
      at: iso(1698266945),
      conversation: { id: '7270432eae37498234f4444b35ffc5', origin: 'service', expiresAt: iso(1698339900) },
      pricing: { scheme: 'conversation', model: 'CBP', billable: true, category: 'service', type: null },
      errors: [],
      failure: null,
    } satisfies StatusEvent);
  });

  it.each([
    ['pywa_status_delivered.json', 'delivered'],
    ['pywa_status_read.json', 'read'],
  ])('reads %s', (name, status) => {
    const event = only(fixture(name), 'status');
    expect(event.status).toBe(status);
    expect(event.dedupeKey).toBe(`wamid.xyzxyz:${status}`);
    expect(event.conversation).toEqual({
      id: '7270432eae37498234f4444b35ffc5',
      origin: 'service',
      expiresAt: null,
    });
    expect(event.pricing?.scheme).toBe('conversation');
    expect(event.failure).toBeNull();
  });

  it('reads per-message (PMP) pricing with its type, beside the older conversation object', () => {
    const event = only(fixture('meta_docs_status_sent_pmp_marketing.json'), 'status');
    expect(event.pricing).toEqual({
      scheme: 'per_message',
      model: 'PMP',
      billable: true,
      category: 'marketing',
      type: 'regular',
    });
    expect(event.conversation).toEqual({
      id: '72b14d6bd5407799e66f64d1b338e567',
      origin: 'marketing',
      expiresAt: iso(1750116480),
    });
    expect(event.recipient).toEqual({
      key: '16505551234',
      name: null,
      waId: '16505551234',
      userId: null,
      parentUserId: null,
      username: null,
    });
  });

  it('reads the v24 shape, which has neither conversation nor pricing', () => {
    const event = only(fixture('meta_docs_status_v24_no_conversation_no_pricing.json'), 'status');
    expect(event.conversation).toBeNull();
    expect(event.pricing).toBeNull();
    expect(event.status).toBe('sent');
  });

  it('reads a failed status with its errors and classifies 131049 as undeliverable, not to retry', () => {
    const event = only(fixture('meta_docs_status_failed_131049.json'), 'status');
    expect(event.errors).toEqual([
      {
        code: 131049,
        title: 'This message was not delivered to maintain healthy ecosystem engagement.',
        message: 'This message was not delivered to maintain healthy ecosystem engagement.',
        details: 'In order to maintain a healthy ecosystem engagement, the message failed to be delivered.',
      },
    ]);
    expect(event.failure).toMatchObject({
      kind: 'undeliverable',
      reason: 'ecosystem_engagement',
      retry: false,
      providerCode: 131049,
    });
  });

  it('classifies an unknown failure code (130472) as permanent', () => {
    const event = only(fixture('pywa_status_failed.json'), 'status');
    expect(event.failure).toMatchObject({
      kind: 'permanent',
      retry: false,
      providerCode: 130472,
      httpStatus: null,
    });
    expect(event.recipient.name).toBe('Test Name');
  });
});

describe('parseWhatsAppWebhook: marketing preferences', () => {
  it.each([
    [
      'pywa_user_preferences_resume_marketing.json',
      'resume',
      'User requested to resume marketing messages',
      null,
    ],
    [
      'pywa_user_preferences_signup_marketing.json',
      'signup',
      'User signed up via signup link',
      '13176843987434774',
    ],
  ] as const)('reads %s', (name, value, detail, signupId) => {
    const event = only(fixture(name), 'preference');
    expect(event).toEqual({
      type: 'preference',
      channel: 'whatsapp',
      dedupeKey: `16505551234:marketing:${value}:${iso(1731705721)}`,
      via: { id: '106540352242922', display: '15550783881', accountId: '102290129340398' },
      // The contacts entry beside it is another person (972…): its name must not be borrowed.
      user: {
        key: '16505551234',
        name: null,
        waId: '16505551234',
        userId: null,
        parentUserId: null,
        username: null,
      },
      topic: 'marketing',
      value,
      detail,
      signupId,
      at: iso(1731705721),
    } satisfies PreferenceEvent);
  });

  it('reads a stop, which the recordings lack (Meta documents it beside error 131050)', () => {
    const body = webhook(
      {
        user_preferences: [
          {
            wa_id: '16505551234',
            detail: 'User requested to stop marketing messages',
            category: 'marketing_messages',
            value: 'stop',
            timestamp: 1731705800,
          },
        ],
      },
      'user_preferences',
    );
    expect(only(body, 'preference')).toMatchObject({
      value: 'stop',
      user: { key: '16505551234' },
      at: iso(1731705800),
    });
  });

  it('skips preference categories and values it does not know', () => {
    const body = webhook(
      {
        user_preferences: [
          { wa_id: '16505551234', category: 'marketing_messages', value: 'snooze', timestamp: 1731705800 },
          { wa_id: '16505551234', category: 'service_messages', value: 'stop', timestamp: 1731705800 },
        ],
      },
      'user_preferences',
    );
    expect(events(body)).toEqual([]);
  });
});

describe('parseWhatsAppWebhook: what the recordings do not show', () => {
  it('keys a user on user_id (BSUID) when wa_id is empty, keeping the username', () => {
    const body = webhook({
      contacts: [{ profile: { name: 'Ada', username: '@ada' }, wa_id: '', user_id: 'IT.2837465019283746' }],
      messages: [
        {
          from: '',
          from_user_id: 'IT.2837465019283746',
          id: 'wamid.BSUID1',
          timestamp: '1760000000',
          type: 'text',
          text: { body: 'ciao' },
        },
      ],
    });
    expect(only(body, 'message').from).toEqual({
      key: 'IT.2837465019283746',
      name: 'Ada',
      waId: null,
      userId: 'IT.2837465019283746',
      parentUserId: null,
      username: '@ada',
    });
  });

  it('keys a user on user_id when wa_id and from are absent altogether', () => {
    const body = webhook({
      contacts: [{ profile: { name: 'Ada' }, user_id: 'IT.2837465019283746', parent_user_id: 'IT.ENT.99' }],
      messages: [
        {
          from_user_id: 'IT.2837465019283746',
          id: 'wamid.BSUID2',
          timestamp: '1760000000',
          type: 'text',
          text: { body: 'ciao' },
        },
      ],
      statuses: [
        {
          id: 'wamid.OUT1',
          status: 'read',
          timestamp: '1760000001',
          recipient_user_id: 'IT.2837465019283746',
        },
      ],
    });
    const [message, status] = events(body);
    expect(message).toMatchObject({
      type: 'message',
      from: { key: 'IT.2837465019283746', parentUserId: 'IT.ENT.99', name: 'Ada' },
    });
    expect(status).toMatchObject({ type: 'status', recipient: { key: 'IT.2837465019283746', waId: null } });
  });

  it('reads several entries, messages and statuses in one body, in order', () => {
    const body = {
      object: 'whatsapp_business_account',
      entry: [
        (
          webhook({
            contacts: [{ profile: { name: 'A' }, wa_id: '393331112222' }],
            messages: [
              {
                from: '393331112222',
                id: 'wamid.A1',
                timestamp: '1760000000',
                type: 'text',
                text: { body: 'uno' },
              },
              {
                from: '393331112222',
                id: 'wamid.A2',
                timestamp: '1760000002',
                type: 'text',
                text: { body: 'due' },
              },
            ],
            statuses: [
              { id: 'wamid.OUT', status: 'played', timestamp: '1760000003', recipient_id: '393331112222' },
            ],
          }) as { entry: unknown[] }
        ).entry[0],
        (
          webhook({
            statuses: [
              { id: 'wamid.OUT', status: 'delivered', timestamp: '1760000001', recipient_id: '393331112222' },
            ],
          }) as {
            entry: unknown[];
          }
        ).entry[0],
      ],
    };
    expect(events(body).map((e) => e.dedupeKey)).toEqual([
      'wamid.A1',
      'wamid.A2',
      'wamid.OUT:played',
      'wamid.OUT:delivered',
    ]);
  });

  it('reads audio (voice), video and animated stickers', () => {
    const body = webhook({
      messages: [
        {
          from: '393331112222',
          id: 'wamid.V1',
          timestamp: '1760000000',
          type: 'audio',
          audio: { id: 'm1', mime_type: 'audio/ogg; codecs=opus', voice: true },
        },
        {
          from: '393331112222',
          id: 'wamid.V2',
          timestamp: '1760000000',
          type: 'video',
          video: { id: 'm2', mime_type: 'video/mp4', caption: 'la corsa' },
        },
        {
          from: '393331112222',
          id: 'wamid.V3',
          timestamp: '1760000000',
          type: 'sticker',
          sticker: { id: 'm3', mime_type: 'image/webp', animated: true },
        },
      ],
    });
    const contents = events(body).map((e) => (e.type === 'message' ? e.content : null));
    expect(contents).toMatchObject([
      { kind: 'audio', media: { id: 'm1', voice: true, animated: false } },
      { kind: 'video', media: { id: 'm2', caption: 'la corsa' } },
      { kind: 'sticker', media: { id: 'm3', animated: true } },
    ]);
  });

  it('turns unknown types into unsupported, and known types with a broken content into unsupported too', () => {
    const body = webhook({
      messages: [
        {
          from: '393331112222',
          id: 'wamid.U1',
          timestamp: '1760000000',
          type: 'order',
          order: { catalog_id: '1' },
        },
        {
          from: '393331112222',
          id: 'wamid.U2',
          timestamp: '1760000000',
          type: 'interactive',
          interactive: { type: 'nfm_reply', nfm_reply: {} },
        },
        {
          from: '393331112222',
          id: 'wamid.U3',
          timestamp: '1760000000',
          type: 'text',
          text: { content: 'no body' },
        },
        {
          from: '393331112222',
          id: 'wamid.U4',
          timestamp: '1760000000',
          type: 'image',
          image: { mime_type: 'image/png' },
        },
        {
          from: '393331112222',
          id: 'wamid.U5',
          timestamp: '1760000000',
          type: 'interactive',
          interactive: { type: 'button_reply' },
        },
      ],
    });
    const contents = events(body).map((e) => (e.type === 'message' ? e.content : null));
    expect(contents).toEqual([
      { kind: 'unsupported', providerType: 'order', reason: 'unknown_type', errors: [] },
      { kind: 'unsupported', providerType: 'interactive.nfm_reply', reason: 'unknown_type', errors: [] },
      { kind: 'unsupported', providerType: 'text', reason: 'invalid_content', errors: [] },
      { kind: 'unsupported', providerType: 'image', reason: 'invalid_content', errors: [] },
      { kind: 'unsupported', providerType: 'interactive', reason: 'invalid_content', errors: [] },
    ]);
  });

  it('classifies failed statuses the outbound worker must act on', () => {
    const failed = (code: number) => ({
      id: `wamid.F${code}`,
      status: 'failed',
      timestamp: '1760000000',
      recipient_id: '393331112222',
      errors: [{ code, title: 't', message: 'm', error_data: { details: 'd' } }],
    });
    const body = webhook({ statuses: [failed(131047), failed(131050), failed(131056)] });
    const failures = events(body).map((e) => (e.type === 'status' ? e.failure : null));
    expect(failures).toMatchObject([
      { kind: 'reengagement_required', action: 'use_template', retry: false },
      { kind: 'undeliverable', reason: 'marketing_opt_out', retry: false },
      { kind: 'pair_rate_limited', scope: 'recipient', retry: true },
    ]);
  });

  it('ignores statuses that are not delivery states, fields it does not handle and properties it does not know', () => {
    const statuses = webhook({
      statuses: [{ id: 'wamid.D', status: 'deleted', timestamp: '1760000000', recipient_id: '393331112222' }],
      brand_new_field: { anything: true },
    });
    expect(events(statuses)).toEqual([]);
    const template = webhook({ event: 'APPROVED', message_template_id: 1 }, 'message_template_status_update');
    expect(events(template)).toEqual([]);
    expect(events({ object: 'whatsapp_business_account', entry: [] })).toEqual([]);
  });

  it('reports errors about the channel itself as one channel_error event', () => {
    const body = webhook({
      errors: [{ code: 131000, title: 'Something went wrong', message: 'Something went wrong' }],
    });
    const event = only(body, 'channel_error');
    expect(event.errors).toEqual([
      { code: 131000, title: 'Something went wrong', message: 'Something went wrong', details: null },
    ]);
    expect(event.dedupeKey).toMatch(/^106540352242922:errors:[0-9a-f]{32}$/);
    expect(only(body, 'channel_error').dedupeKey).toBe(event.dedupeKey);
  });
});

describe('parseWhatsAppWebhook: junk', () => {
  const parse = (text: string) => parseWhatsAppWebhook(Buffer.from(text));

  it('refuses a body that is not JSON with CHANNEL_PAYLOAD_NOT_JSON', () => {
    for (const text of ['', '{', 'nope', '\uFEFF{}', '{"object":']) {
      expect(parse(text)).toMatchObject({
        ok: false,
        error: { code: 'CHANNEL_PAYLOAD_NOT_JSON', statusCode: 400 },
      });
    }
  });

  it('refuses JSON of another shape with CHANNEL_PAYLOAD_INVALID and the path of the problem', () => {
    const cases: [unknown, string][] = [
      [null, '/'],
      [[], '/'],
      [{ object: 'page', entry: [] }, '/object'],
      [{ object: 'whatsapp_business_account' }, '/entry'],
      [
        {
          object: 'whatsapp_business_account',
          entry: [{ id: '1', changes: [{ field: 'messages', value: {} }] }],
        },
        '/entry/0/changes/0/value/metadata',
      ],
      [
        webhook({
          messages: [{ from: '393331112222', timestamp: '1760000000', type: 'text', text: { body: 'x' } }],
        }),
        '/entry/0/changes/0/value/messages/0/id',
      ],
      [
        webhook({ messages: [{ id: 'wamid.X', timestamp: 'yesterday', type: 'text' }] }),
        '/entry/0/changes/0/value/messages/0/timestamp',
      ],
      [
        webhook({
          messages: [{ id: 'wamid.X', timestamp: '1760000000', type: 'text', text: { body: 'x' } }],
        }),
        '/entry/0/changes/0/value/messages/0/from',
      ],
      [
        webhook({ statuses: [{ id: 'wamid.X', status: 'sent', timestamp: '1760000000' }] }),
        '/entry/0/changes/0/value/statuses/0/recipient_id',
      ],
      [webhook({ messages: 'many' }), '/entry/0/changes/0/value/messages'],
    ];
    for (const [body, path] of cases) {
      const result = parse(JSON.stringify(body));
      expect(result, path).toMatchObject({
        ok: false,
        error: { code: 'CHANNEL_PAYLOAD_INVALID', statusCode: 400 },
      });
      if (!result.ok)
        expect((result.error.details as { path: string }).path, JSON.stringify(body)).toBe(path);
    }
  });
});
