import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { campaignUpdatesModule, type CampaignUpdate } from '../../src/campaigns';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// Campaign updates over HTTP on both engines: staff write, edit, publish and unpublish them (by role);
// bad input is refused with a stable code and stores nothing; the public page gets the latest published
// ones (JSON and Atom); and the ledger publishes one factual update per campaign and paid expense,
// however many times its events are delivered.

describe.each(ENGINES)('campaign updates (%s)', (engine) => {
  let t: TestApp;
  let campaignId: string;
  const as = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });

  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [campaignUpdatesModule] });
    await t.startWorkers();
    campaignId = (
      await t.ctx.campaigns.create({
        slug: 'pozzo',
        name: 'Un pozzo per Kabele',
        goalMinor: 500_000,
        currency: 'EUR',
      })
    ).id;
  });
  afterAll(async () => t.dispose());

  const count = async () =>
    Number(
      (
        await t.t.store.db
          .selectFrom('campaign_updates')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const publicList = async (slug = 'pozzo', query = '') =>
    t.app.inject({ method: 'GET', url: `/api/v1/public/campaigns/${slug}/updates${query}` });

  it('lets a fundraiser write a draft, publish it, edit it and take it off the public page', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates`,
      headers: as('fundraiser'),
      payload: {
        title: '  Lavori iniziati ',
        body: 'Lo scavo è cominciato.\r\n\r\n\r\nFoto presto.',
        language: 'it',
      },
    });
    expect(created.statusCode).toBe(201);
    const draft = created.json<CampaignUpdate>();
    expect(draft).toMatchObject({
      title: 'Lavori iniziati',
      body: 'Lo scavo è cominciato.\n\nFoto presto.',
      language: 'it',
      status: 'draft',
      publishedAt: null,
      author: { kind: 'staff', name: 'test fundraiser' },
    });
    expect((await publicList()).json()).toEqual({ items: [] });

    const published = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates/${draft.id}/publish`,
      headers: as('fundraiser'),
    });
    expect(published.statusCode).toBe(200);
    const firstDate = published.json<CampaignUpdate>().publishedAt;
    expect(firstDate).not.toBeNull();
    const edited = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/campaigns/${campaignId}/updates/${draft.id}`,
      headers: as('owner'),
      payload: { title: 'Lavori iniziati!' },
    });
    expect(edited.json<CampaignUpdate>()).toMatchObject({ title: 'Lavori iniziati!', status: 'published' });
    const shown = (await publicList()).json<{ items: Record<string, unknown>[] }>().items;
    expect(shown).toEqual([
      {
        id: draft.id,
        title: 'Lavori iniziati!',
        body: 'Lo scavo è cominciato.\n\nFoto presto.',
        language: 'it',
        publishedAt: firstDate,
        automatic: false,
        linkUrl: null,
      },
    ]);
    // No staff names on the public page.
    expect(JSON.stringify(shown)).not.toContain('fundraiser');

    await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates/${draft.id}/unpublish`,
      headers: as('fundraiser'),
    });
    expect((await publicList()).json()).toEqual({ items: [] });
    const again = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates/${draft.id}/publish`,
      headers: as('fundraiser'),
    });
    expect(again.json<CampaignUpdate>().publishedAt).toBe(firstDate); // the first publication date stays
    const staffList = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${campaignId}/updates`,
      headers: as('auditor'),
    });
    expect(staffList.statusCode).toBe(200);
    expect(staffList.json<{ items: CampaignUpdate[] }>().items.map((u) => u.id)).toContain(draft.id);
  });

  it('refuses roles without campaigns:write and anonymous staff reads', async () => {
    const before = await count();
    for (const role of ['agent', 'accountant', 'auditor'] as const) {
      const response = await t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${campaignId}/updates`,
        headers: as(role),
        payload: { title: 'x', body: 'y', language: 'it' },
      });
      expect(response.statusCode).toBe(403);
    }
    const anonymous = await t.app.inject({ method: 'GET', url: `/api/v1/campaigns/${campaignId}/updates` });
    expect(anonymous.statusCode).toBe(401);
    expect(await count()).toBe(before);
  });

  it('answers bad input with a stable code and stores nothing', async () => {
    const before = await count();
    const post = (payload: unknown, id = campaignId) =>
      t.app.inject({
        method: 'POST',
        url: `/api/v1/campaigns/${id}/updates`,
        headers: as('fundraiser'),
        payload: payload as Record<string, unknown>,
      });
    const cases: Array<[unknown, number, string, string?]> = [
      [{ title: '', body: 'ok', language: 'it' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'title'],
      [{ title: 'x'.repeat(141), body: 'ok', language: 'it' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'title'],
      [{ title: 'ok', body: ' \n\n ', language: 'it' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'body'],
      [{ title: 'ok', body: 'y'.repeat(5001), language: 'it' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'body'],
      [{ title: 'ok', body: 'a\u0000b', language: 'it' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'body'],
      [{ title: 'ok', body: 'ok', language: 'pt' }, 400, 'CAMPAIGN_UPDATE_INVALID', 'language'],
      [{ title: 'ok', body: 'y'.repeat(20_001), language: 'it' }, 400, 'VALIDATION_FAILED'],
      [{ title: 'ok', body: 'ok' }, 400, 'VALIDATION_FAILED'],
      [{ title: 'ok', body: 'ok', language: 'it', status: 'published' }, 400, 'VALIDATION_FAILED'],
      [{ title: 42, body: 'ok', language: 'it' }, 400, 'VALIDATION_FAILED'],
    ];
    for (const [payload, status, code, field] of cases) {
      const response = await post(payload);
      expect(response.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(status);
      expect(response.json()).toMatchObject({ code, ...(field ? { details: { field } } : {}) });
    }
    const unknown = await post({ title: 'ok', body: 'ok', language: 'it' }, 'cmp_unknown');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'CAMPAIGN_NOT_FOUND' });
    const noSuchUpdate = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates/cup_nope/publish`,
      headers: as('fundraiser'),
    });
    expect(noSuchUpdate.json()).toMatchObject({ code: 'CAMPAIGN_UPDATE_NOT_FOUND' });
    const emptyPatch = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/campaigns/${campaignId}/updates/cup_nope`,
      headers: as('fundraiser'),
      payload: {},
    });
    expect(emptyPatch.statusCode).toBe(400);
    expect(await count()).toBe(before);
    expect((await publicList('no-such-campaign')).json()).toMatchObject({ code: 'CAMPAIGN_NOT_FOUND' });
    expect((await publicList('pozzo', '?limit=0')).statusCode).toBe(400);
    expect((await publicList('pozzo', '?limit=21')).statusCode).toBe(400);
  });

  it('hides a draft campaign’s updates and returns the latest first, up to the limit', async () => {
    const draftCampaign = await t.ctx.campaigns.create({
      slug: 'segreta',
      name: 'Segreta',
      goalMinor: 1000,
      currency: 'EUR',
      status: 'draft',
    });
    const service = t.modules.find((m) => m.name === 'campaign-updates')!.service as {
      create: (id: string, input: object, author: object, at?: string) => Promise<CampaignUpdate>;
    };
    await service.create(
      draftCampaign.id,
      { title: 'x', body: 'y', language: 'it', publish: true },
      { id: 'u', name: 'U' },
    );
    expect((await publicList('segreta')).statusCode).toBe(404);

    const other = await t.ctx.campaigns.create({
      slug: 'serie',
      name: 'Serie',
      goalMinor: 1000,
      currency: 'EUR',
    });
    for (let i = 1; i <= 7; i++)
      await service.create(
        other.id,
        { title: `Notizia ${i}`, body: 'Testo', language: 'it', publish: true },
        { id: 'u', name: 'U' },
        `2026-10-0${i}T09:00:00.000Z`,
      );
    const items = (await publicList('serie')).json<{ items: { title: string }[] }>().items;
    expect(items.map((u) => u.title)).toEqual([
      'Notizia 7',
      'Notizia 6',
      'Notizia 5',
      'Notizia 4',
      'Notizia 3',
    ]);
    expect((await publicList('serie', '?limit=2')).json<{ items: unknown[] }>().items).toHaveLength(2);

    const feed = await t.app.inject({ method: 'GET', url: '/api/v1/public/campaigns/serie/updates.atom' });
    expect(feed.statusCode).toBe(200);
    expect(feed.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(feed.body).toContain('<title>Serie</title>');
    expect(feed.body).toContain('<author><name>Test ETS</name></author>');
    expect(feed.body.match(/<entry>/g)).toHaveLength(7);
  });

  it('publishes one factual update when an approved expense is paid with the campaign’s money', async () => {
    const project = await t.ctx.projects.create({ slug: 'acqua', name: 'Acqua pulita' });
    // A gift restricted to the campaign, and the campaign's expense that it pays.
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 200_000,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-10-01T10:00:00Z',
      restriction: 'campaign',
      campaignId,
      provider: 'manual',
      providerPaymentId: 'cu-gift-1',
    });
    const expense = await t.ctx.ledger.createExpense(
      {
        payee: 'Idraulica Rossi',
        spentOn: '2026-10-09',
        amountMinor: 124_000,
        currency: 'EUR',
        category: 'repairs',
        description: 'Water pump repair',
        projectId: project.id,
        campaignId,
        evidence: [
          { filename: 'invoice.pdf', mimeType: 'application/pdf', content: Buffer.from('%PDF-1.4 test') },
        ],
      },
      null,
    );
    await t.ctx.ledger.approveExpense(expense.id, 'usr_accountant');
    await t.ctx.ledger.flushOutbox(t.events!);
    await t.t.store.db.updateTable('ledger_outbox').set({ sent_at: null }).execute(); // a lost "sent" mark
    await t.ctx.ledger.flushOutbox(t.events!);
    const deadline = Date.now() + 20_000;
    let items: Array<{ title: string; body: string; automatic: boolean; linkUrl: string | null }> = [];
    while (Date.now() < deadline) {
      items = (await publicList()).json<{ items: typeof items }>().items.filter((u) => u.automatic);
      if (items.length > 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await new Promise((r) => setTimeout(r, 300)); // room for a duplicate, if there were one
    items = (await publicList()).json<{ items: typeof items }>().items.filter((u) => u.automatic);
    expect(items).toHaveLength(1);
    const sha = (await t.ctx.ledger.getExpense(expense.id)).evidence[0]!.sha256;
    expect(items[0]!.title.replace(/[\u00a0\u202f]/g, ' ')).toBe('1240,00 € pagati per «Water pump repair»');
    expect(items[0]!.body).toContain('9 ottobre 2026');
    expect(items[0]!.body).not.toContain('Idraulica Rossi'); // the payee is not a public fact of the update
    expect(items[0]!.linkUrl).toBe(`http://localhost:3000/api/v1/public/evidence/${sha}`);
    expect(donation.campaignId).toBe(campaignId);

    // It can be taken off the page, but not rewritten.
    const staff = await t.app.inject({
      method: 'GET',
      url: `/api/v1/campaigns/${campaignId}/updates`,
      headers: as('fundraiser'),
    });
    const auto = staff.json<{ items: CampaignUpdate[] }>().items.find((u) => u.author.kind === 'ledger')!;
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/v1/campaigns/${campaignId}/updates/${auto.id}`,
      headers: as('fundraiser'),
      payload: { title: 'Something else' },
    });
    expect(edit.statusCode).toBe(409);
    expect(edit.json()).toMatchObject({ code: 'CAMPAIGN_UPDATE_AUTOMATIC' });
    const hidden = await t.app.inject({
      method: 'POST',
      url: `/api/v1/campaigns/${campaignId}/updates/${auto.id}/unpublish`,
      headers: as('fundraiser'),
    });
    expect(hidden.json<CampaignUpdate>().status).toBe('draft');
  });

  it('tells a campaign when its gifts to a project pay that project’s expense, and no one else', async () => {
    const school = await t.ctx.projects.create({ slug: 'scuola', name: 'Scuola' });
    const books = await t.ctx.campaigns.create({
      slug: 'libri',
      name: 'Libri per tutti',
      goalMinor: 9000,
      currency: 'EUR',
    });
    const quiet = await t.ctx.campaigns.create({
      slug: 'quieta',
      name: 'Quieta',
      goalMinor: 9000,
      currency: 'EUR',
    });
    // Given on the campaign's page for the project: restricted to the project, remembered as the campaign's.
    await t.ctx.ledger.recordDonation({
      grossMinor: 3000,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-10-02T10:00:00Z',
      projectId: school.id,
      campaignId: books.id,
      provider: 'manual',
      providerPaymentId: 'cu-gift-2',
    });
    const expense = await t.ctx.ledger.createExpense(
      {
        payee: 'Libreria',
        spentOn: '2026-10-12',
        amountMinor: 2500,
        currency: 'EUR',
        category: 'materials',
        description: 'Libri di testo',
        projectId: school.id,
        fallback: 'none',
      },
      null,
    );
    await t.ctx.ledger.approveExpense(expense.id, 'usr_accountant');
    await t.ctx.ledger.flushOutbox(t.events!);
    const deadline = Date.now() + 20_000;
    let items: Array<{ title: string; automatic: boolean; linkUrl: string | null }> = [];
    while (Date.now() < deadline && items.length === 0) {
      items = (await publicList('libri')).json<{ items: typeof items }>().items;
      if (items.length === 0) await new Promise((r) => setTimeout(r, 50));
    }
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({ automatic: true, linkUrl: 'http://localhost:3000/transparency' });
    expect(items[0]!.title.replace(/[\u00a0\u202f]/g, ' ')).toBe('25,00 € pagati per «Libri di testo»');
    expect((await publicList('quieta')).json()).toEqual({ items: [] });
    expect(quiet.id).not.toBe(books.id);
  });
});
