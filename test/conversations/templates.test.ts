import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SANDBOX_DEFAULT_TEMPLATES } from '../../src/channels';
import type { ConversationsApi } from '../../src/conversations';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  type ConversationsTestApp,
  SLOW_MACHINE_TIMEOUTS,
} from './support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// The template registry in the running module: synced from the sandbox's Graph API when the module
// starts, listed at /api/v1/inbox/templates, and consulted before a template goes out — an unknown,
// unapproved or wrongly filled template is refused with a clear code and nothing is sent.

const PAUSED = {
  name: 'spring_appeal',
  parameter_format: 'NAMED',
  components: [
    {
      type: 'BODY',
      text: 'Ciao {{first_name}}, la primavera è arrivata!',
      example: { body_text_named_params: [{ param_name: 'first_name', example: 'Giulia' }] },
    },
  ],
  language: 'it',
  status: 'PAUSED',
  category: 'MARKETING',
  id: '900000000000099',
};

interface TemplatesBody {
  items: {
    name: string;
    language: string;
    category: string;
    status: string;
    parameterFormat: string;
    parameters: { component: string; format: string; name: string | null; position: number | null }[];
    quickReplies: string[];
  }[];
  lastSync: { succeededAt: string | null; error: unknown; templateCount: number } | null;
}

const consent = {
  channel: 'whatsapp' as const,
  purpose: 'service' as const,
  granted: true,
  source: 'donation-form',
  wordingVersion: 'wa-service-v1',
  wording: 'Voglio ricevere su WhatsApp le ricevute delle mie donazioni.',
  proof: { form: 'test' },
};

describe.each(ENGINES)('the WhatsApp template registry (%s)', (engine) => {
  let t: ConversationsTestApp;
  let service: ConversationsApi;
  const auth = (role: 'agent' | 'auditor' = 'agent'): Record<string, string> => ({
    authorization: `Bearer ${t.keys[role]}`,
  });
  const messageSends = () =>
    t.graphRequests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages'));

  beforeAll(async () => {
    t = await createConversationsApp(engine, {
      sandbox: { templates: [...SANDBOX_DEFAULT_TEMPLATES, PAUSED] },
    });
    await t.startWorkers();
    service = t.modules.find((m) => m.name === 'conversations')?.service as ConversationsApi;
  });
  afterAll(async () => t.dispose());

  it('is synced when the module starts, and listed with category, parameters and status', async () => {
    const body = await eventually(
      async () =>
        (
          await t.app.inject({ method: 'GET', url: '/api/v1/inbox/templates', headers: auth() })
        ).json<TemplatesBody>(),
      (b) => b.lastSync?.succeededAt != null,
    );
    expect(body.items).toHaveLength(SANDBOX_DEFAULT_TEMPLATES.length + 1);
    expect(body.lastSync).toMatchObject({ error: null, templateCount: body.items.length });
    expect(body.items.find((i) => i.name === 'conversation_restart' && i.language === 'de')).toEqual({
      id: '200000000000001:conversation_restart:de',
      name: 'conversation_restart',
      language: 'de',
      category: 'UTILITY',
      status: 'APPROVED',
      parameterFormat: 'named',
      parameters: [
        { component: 'body', format: 'named', name: 'first_name', position: null, example: 'Giulia' },
      ],
      quickReplies: [],
      syncedAt: expect.any(String) as string,
    });
    expect(body.items.find((i) => i.name === 'campaign_update')).toMatchObject({
      category: 'MARKETING',
      parameterFormat: 'positional',
      parameters: [
        { format: 'positional', position: 1 },
        { format: 'positional', position: 2 },
        { format: 'positional', position: 3 },
      ],
      quickReplies: ['Dimmi di più', 'Stop'],
    });
    expect(body.items.find((i) => i.name === 'spring_appeal')?.status).toBe('PAUSED');
    // The Graph API was asked with the business account's id.
    expect(
      t.graphRequests.some(
        (r) => r.method === 'GET' && r.path.includes('/200000000000001/message_templates'),
      ),
    ).toBe(true);

    // Reading needs inbox:read; syncing now needs inbox:write.
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/inbox/templates' })).statusCode).toBe(401);
    const sync = await t.app.inject({ method: 'POST', url: '/api/v1/inbox/templates/sync', headers: auth() });
    expect(sync.statusCode, sync.body).toBe(200);
    expect(sync.json<TemplatesBody>().items).toHaveLength(body.items.length);
  });

  it('refuses an unknown, unapproved or wrongly filled template before anything is stored or sent', async () => {
    const giulia = await t.ctx.contacts.create({
      displayName: 'Giulia Rossi',
      phone: '+393331112299',
      language: 'it',
      consents: [consent, { ...consent, purpose: 'fundraising' as const }],
    });
    const sendsBefore = messageSends().length;
    const cases = [
      [{ type: 'template', name: 'no_such_template', language: 'it' }, 'CONVERSATION_TEMPLATE_UNKNOWN'],
      [
        {
          type: 'template',
          name: 'spring_appeal',
          language: 'it',
          body: { format: 'named', values: [{ name: 'first_name', text: 'Giulia' }] },
        },
        'CONVERSATION_TEMPLATE_NOT_APPROVED',
      ],
      [{ type: 'template', name: 'conversation_restart', language: 'it' }, 'CONVERSATION_TEMPLATE_INVALID'],
    ] as const;
    for (const [draft, code] of cases) {
      await expect(
        service.sendToContact(giulia.id, draft, {
          purpose: draft.name === 'spring_appeal' ? 'fundraising' : 'service',
        }),
      ).rejects.toMatchObject({ code });
    }
    const stored = await t.t.store.db
      .selectFrom('messages')
      .select('id')
      .where('contact_id', '=', giulia.id)
      .execute();
    expect(stored).toEqual([]);
    expect(messageSends()).toHaveLength(sendsBefore);

    // A good one goes out.
    await service.sendToContact(
      giulia.id,
      {
        type: 'template',
        name: 'conversation_restart',
        language: 'it',
        body: { format: 'named', values: [{ name: 'first_name', text: 'Giulia' }] },
      },
      { purpose: 'service' },
    );
    await eventually(
      async () => t.sandbox.phoneThread('393331112299').messages,
      (m) => m.some((x) => x.direction === 'out' && x.text.startsWith('Ciao Giulia')),
    );
  });

  it('fails a fallback template the registry does not know, without sending it', async () => {
    const marco = await t.ctx.contacts.create({
      displayName: 'Marco Bianchi',
      phone: '+393331112288',
      language: 'it',
      consents: [consent],
    });
    const sendsBefore = messageSends().length;
    // Marco never wrote: the window is closed, so the fallback is what would go out.
    const queued = await service.sendToContact(
      marco.id,
      { text: 'Grazie!' },
      {
        purpose: 'service',
        fallbackTemplate: { type: 'template', name: 'thank_you_typo', language: 'it' },
      },
    );
    const row = await eventually(
      async () =>
        t.t.store.db
          .selectFrom('messages')
          .select(['status', 'error'])
          .where('id', '=', queued.messageId)
          .executeTakeFirstOrThrow(),
      (r) => r.status !== 'queued',
    );
    expect(row.status).toBe('failed');
    expect(JSON.parse(row.error ?? '{}')).toMatchObject({
      code: 'CONVERSATION_TEMPLATE_UNKNOWN',
      kind: 'permanent',
    });
    expect(messageSends()).toHaveLength(sendsBefore);
    expect(t.sandbox.phoneThread('393331112288').messages).toEqual([]);
  });
});
