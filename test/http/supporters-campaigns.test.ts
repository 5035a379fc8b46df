import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// What the admin's supporter and campaign screens rely on: a supporter's whole consent history with
// the wording shown each time, campaigns listed with what the ledger says they raised, and editing or
// closing a campaign — refused for roles without the right, and nothing written on bad input.

describe.each(ENGINES)('supporter and campaign routes on %s', (engine) => {
  let t: TestApp;
  const bearer = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });

  beforeAll(async () => {
    t = await createTestApp(engine);
  });
  afterAll(async () => t?.dispose());

  it('keeps every consent given and withdrawn, in order, with its wording and version', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/contacts',
      headers: bearer('fundraiser'),
      payload: {
        displayName: 'Giulia Verdi',
        email: 'giulia@example.org',
        language: 'it',
        consents: [
          {
            channel: 'email',
            purpose: 'news',
            granted: true,
            source: 'staff:paper',
            wordingVersion: 'admin-form-2026-03',
            wording: 'Voglio ricevere notizie per e-mail.',
          },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const withdrawn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${id}/consents`,
      headers: bearer('fundraiser'),
      payload: {
        channel: 'email',
        purpose: 'news',
        granted: false,
        source: 'staff:phone',
        wordingVersion: 'admin-form-2026-03',
        wording: 'Non voglio più ricevere notizie per e-mail.',
      },
    });
    expect(withdrawn.statusCode).toBe(201);

    // An agent may read it (contacts:read).
    const history = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${id}/consents`,
      headers: bearer('agent'),
    });
    expect(history.statusCode).toBe(200);
    const items = history.json().items as {
      status: string;
      source: string;
      wording: string;
      wordingVersion: string;
    }[];
    expect(items.map((i) => [i.status, i.source, i.wording, i.wordingVersion])).toEqual([
      ['granted', 'staff:paper', 'Voglio ricevere notizie per e-mail.', 'admin-form-2026-03'],
      ['revoked', 'staff:phone', 'Non voglio più ricevere notizie per e-mail.', 'admin-form-2026-03'],
    ]);
    // The current state is the latest record.
    const contact = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${id}`,
      headers: bearer('agent'),
    });
    expect(contact.json().consents).toEqual([
      expect.objectContaining({ channel: 'email', purpose: 'news', status: 'revoked' }),
    ]);

    // After erasure the history is gone and cannot be read back.
    const erased = await t.app.inject({
      method: 'POST',
      url: `/api/v1/contacts/${id}/erase`,
      headers: bearer('owner'),
    });
    expect(erased.statusCode).toBe(204);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/api/v1/contacts/${id}/consents`,
      headers: bearer('owner'),
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('CONTACT_NOT_FOUND');
  });

  it('lists campaigns with what the ledger says they raised, less refunds', async () => {
    const campaign = await t.ctx.campaigns.create({
      slug: 'pozzi',
      name: 'Pozzi',
      goalMinor: 100_000,
      currency: 'EUR',
    });
    const { donation } = await t.ctx.ledger.recordDonation({
      grossMinor: 2500,
      feeMinor: 0,
      currency: 'EUR',
      receivedAt: '2026-03-01T10:00:00Z',
      campaignId: campaign.id,
      restriction: 'campaign',
      provider: 'manual',
      providerPaymentId: 'pozzi-1',
    });
    await t.ctx.ledger.refundDonation(donation.id, { amountMinor: 500, providerRefundId: 'pozzi-r1' });
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: bearer('agent') });
    expect(list.statusCode).toBe(200);
    const item = (list.json().items as { id: string; raisedMinor: number }[]).find(
      (c) => c.id === campaign.id,
    );
    expect(item?.raisedMinor).toBe(2000);
  });

  it('edits and closes a campaign; refuses roles without campaigns:write and bad input, writing nothing', async () => {
    const campaign = await t.ctx.campaigns.create({
      slug: 'scuola',
      name: 'Scuola',
      goalMinor: 50_000,
      currency: 'EUR',
      startsAt: '2026-01-01T00:00:00.000Z',
    });
    const url = `/api/v1/campaigns/${campaign.id}`;

    const forbidden = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer('accountant'),
      payload: { status: 'closed' },
    });
    expect(forbidden.statusCode).toBe(403);

    const backwards = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer('fundraiser'),
      payload: { name: 'Changed', endsAt: '2025-12-31T00:00:00.000Z' },
    });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.json().code).toBe('CAMPAIGN_INVALID');
    for (const payload of [
      {},
      { slug: 'other' },
      { currency: 'USD' },
      { goalMinor: 0 },
      { status: 'gone' },
    ]) {
      const bad = await t.app.inject({ method: 'PATCH', url, headers: bearer('fundraiser'), payload });
      expect(bad.statusCode, JSON.stringify(payload)).toBe(400);
    }
    expect((await t.ctx.campaigns.getBySlug('scuola')).name).toBe('Scuola');

    const missing = await t.app.inject({
      method: 'PATCH',
      url: '/api/v1/campaigns/cmp_missing',
      headers: bearer('fundraiser'),
      payload: { status: 'closed' },
    });
    expect(missing.statusCode).toBe(404);
    expect(missing.json().code).toBe('CAMPAIGN_NOT_FOUND');

    const edited = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer('fundraiser'),
      payload: { name: 'Scuola aperta', goalMinor: 80_000, endsAt: '2026-06-30T00:00:00.000Z' },
    });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({
      slug: 'scuola',
      name: 'Scuola aperta',
      goalMinor: 80_000,
      currency: 'EUR',
      status: 'active',
      startsAt: '2026-01-01T00:00:00.000Z',
      endsAt: '2026-06-30T00:00:00.000Z',
      raisedMinor: 0,
    });

    const closed = await t.app.inject({
      method: 'PATCH',
      url,
      headers: bearer('owner'),
      payload: { status: 'closed' },
    });
    expect(closed.statusCode).toBe(200);
    expect(closed.json()).toMatchObject({ status: 'closed', name: 'Scuola aperta', goalMinor: 80_000 });
    expect((await t.ctx.campaigns.getBySlug('scuola')).status).toBe('closed');
  });
});
