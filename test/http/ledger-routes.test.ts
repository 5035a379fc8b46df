import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNoteVerifier, formatTlogProof, parseTlogProof, verifyTlogProof } from '../../src/tlog';
import { nodeHasher } from '../../src/tlog/node';
import { decodeLedgerEntry } from '../../src/ledger';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

// The ledger over HTTP: staff record gifts and expenses, an accountant approves, and anyone holding a
// receipt code sees where the money went and gets a proof that verifies against the signed checkpoint.

describe.each(ENGINES)('ledger routes on %s', (engine) => {
  let t: TestApp;
  let projectId: string;
  const bearer = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });

  beforeAll(async () => {
    t = await createTestApp(engine);
    projectId = (
      await t.ctx.projects.create({ slug: 'pozzo', name: 'Un pozzo a Kisumu', description: 'Acqua pulita' })
    ).id;
  });
  afterAll(async () => t?.dispose());

  it('records a gift idempotently, funds an approved expense from it, and shows its path to anyone with the code', async () => {
    const body = {
      grossMinor: 2000,
      feeMinor: 55,
      currency: 'EUR',
      receivedAt: '2026-11-01T10:00:00Z',
      projectId,
      provider: 'manual',
      providerPaymentId: 'bonifico-1',
    };
    const first = await t.app.inject({
      method: 'POST',
      url: '/api/v1/donations',
      headers: bearer('accountant'),
      payload: body,
    });
    expect(first.statusCode).toBe(201);
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/donations',
      headers: bearer('accountant'),
      payload: body,
    });
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    const conflict = await t.app.inject({
      method: 'POST',
      url: '/api/v1/donations',
      headers: bearer('accountant'),
      payload: { ...body, grossMinor: 3000 },
    });
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json().code).toBe('DONATION_CONFLICT');
    const donation = first.json();
    expect(donation.receiptCode).toMatch(/^[A-Za-z0-9_-]{22,}$/);

    const invoice = Buffer.from('%PDF-1.4 fattura 12/2026 pompa solare');
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/expenses',
      headers: bearer('accountant'),
      payload: {
        payee: 'Idraulica Rossi',
        spentOn: '2026-11-05',
        amountMinor: 1200,
        currency: 'EUR',
        category: 'equipment',
        description: 'Pompa solare per il pozzo',
        projectId,
        evidence: [
          {
            filename: 'fattura-12.pdf',
            mimeType: 'application/pdf',
            contentBase64: invoice.toString('base64'),
          },
        ],
      },
    });
    expect(created.statusCode).toBe(201);
    const expense = created.json();
    const sha = createHash('sha256').update(invoice).digest('hex');
    expect(expense.evidence[0].sha256).toBe(sha);
    expect(expense.status).toBe('draft');

    // Evidence of a draft is not public yet.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/public/evidence/${sha}` })).statusCode).toBe(
      404,
    );
    // Only an accountant (or owner) approves.
    expect(
      (
        await t.app.inject({
          method: 'POST',
          url: `/api/v1/expenses/${expense.id}/approve`,
          headers: bearer('fundraiser'),
        })
      ).statusCode,
    ).toBe(403);
    const approved = await t.app.inject({
      method: 'POST',
      url: `/api/v1/expenses/${expense.id}/approve`,
      headers: bearer('accountant'),
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', fundedMinor: 1200, underfunded: false });
    const twice = await t.app.inject({
      method: 'POST',
      url: `/api/v1/expenses/${expense.id}/approve`,
      headers: bearer('accountant'),
    });
    expect(twice.json().code).toBe('EXPENSE_NOT_DRAFT');

    const file = await t.app.inject({ method: 'GET', url: `/api/v1/public/evidence/${sha}` });
    expect(file.statusCode).toBe(200);
    expect(file.rawPayload.equals(invoice)).toBe(true);
    expect(file.headers['content-type']).toBe('application/pdf');
    expect(file.headers['content-disposition']).toContain('attachment');

    const trace = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/donations/${donation.receiptCode}`,
    });
    expect(trace.statusCode).toBe(200);
    const tr = trace.json();
    expect(tr.donation).toMatchObject({
      grossMinor: 2000,
      netMinor: 1945,
      spentMinor: 1200,
      unspentMinor: 745,
    });
    expect(tr.project.name).toBe('Un pozzo a Kisumu');
    const paid = tr.allocations.filter((a: { kind: string }) => a.kind === 'expense');
    expect(paid).toHaveLength(1);
    expect(paid[0].expense).toMatchObject({
      description: 'Pompa solare per il pozzo',
      amountMinor: 1200,
      evidence: [{ sha256: sha }],
    });
    expect(JSON.stringify(tr)).not.toContain('Idraulica'); // the payee is for staff; donors see the description

    // The proof: before the integrator runs, 409-ish "not integrated"; after, a proof that verifies.
    await t.ctx.log.integrateAll();
    const key = (await t.app.inject({ method: 'GET', url: '/log/key' })).body.trim();
    for (const index of tr.logIndices as number[]) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/public/donations/${donation.receiptCode}/proof?index=${index}`,
      });
      expect(res.statusCode).toBe(200);
      expect(res.body.startsWith('c2sp.org/tlog-proof@v1\n')).toBe(true);
      const verified = await verifyTlogProof(res.body, {
        origin: tr.log.origin,
        verifiers: [createNoteVerifier(key)],
        leafHash: (extra) => nodeHasher.hashLeaf(extra!),
      });
      expect(verified.index).toBe(index);
      const entry = decodeLedgerEntry(parseTlogProof(res.body).extra!);
      expect(entry).toBeDefined();
      // No personal data in the entry: no e-mail, name or contact id, only amounts and a commitment.
      expect(Buffer.from(parseTlogProof(res.body).extra!).toString()).not.toMatch(/@|Rossi/);
    }
    // A tampered entry does not verify.
    const good = (
      await t.app.inject({ method: 'GET', url: `/api/v1/public/donations/${donation.receiptCode}/proof` })
    ).body;
    const parsed = parseTlogProof(good);
    const forged = Buffer.from(parsed.extra!).toString().replace('"gross":2000', '"gross":20000');
    expect(forged).toContain('"gross":20000');
    const tampered = formatTlogProof({ ...parsed, extra: new TextEncoder().encode(forged) });
    await expect(
      verifyTlogProof(tampered, {
        origin: tr.log.origin,
        verifiers: [createNoteVerifier(key)],
        leafHash: (extra) => nodeHasher.hashLeaf(extra!),
      }),
    ).rejects.toThrow();

    // Someone else's index is refused for this code.
    const other = await t.app.inject({
      method: 'GET',
      url: `/api/v1/public/donations/${donation.receiptCode}/proof?index=999999`,
    });
    expect(other.statusCode).toBe(404);
  });

  it('refunds with a reversing entry, idempotently, never beyond the gift', async () => {
    const d = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/donations',
        headers: bearer('owner'),
        payload: {
          grossMinor: 1000,
          feeMinor: 0,
          currency: 'EUR',
          receivedAt: '2026-11-02T10:00:00Z',
          providerPaymentId: 'cash-7',
        },
      })
    ).json();
    const refund = { amountMinor: 400, providerRefundId: 'r-1', reason: 'Donor asked' };
    const r1 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/refunds`,
      headers: bearer('owner'),
      payload: refund,
    });
    expect(r1.statusCode).toBe(201);
    expect(r1.json().refundedMinor).toBe(400);
    const r2 = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/refunds`,
      headers: bearer('owner'),
      payload: refund,
    });
    expect(r2.statusCode).toBe(200);
    expect(r2.json().refundedMinor).toBe(400);
    const over = await t.app.inject({
      method: 'POST',
      url: `/api/v1/donations/${d.id}/refunds`,
      headers: bearer('owner'),
      payload: { amountMinor: 700, providerRefundId: 'r-2' },
    });
    expect(over.statusCode).toBe(409);
    expect(over.json().code).toBe('REFUND_EXCEEDS_DONATION');
    expect((await t.ctx.ledger.getDonation(d.id)).refundedMinor).toBe(400);

    const accounts = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ledger/accounts',
      headers: bearer('auditor'),
    });
    expect(accounts.statusCode).toBe(200);
    const items = accounts.json().items as Array<{ balanceMinor: number; currency: string }>;
    expect(items.filter((a) => a.currency === 'EUR').reduce((s, a) => s + a.balanceMinor, 0)).toBe(0);
    const txs = await t.app.inject({
      method: 'GET',
      url: '/api/v1/ledger/transactions?limit=5',
      headers: bearer('auditor'),
    });
    for (const tx of txs.json().items as Array<{ postings: Array<{ amountMinor: number }> }>) {
      expect(tx.postings.reduce((s, p) => s + p.amountMinor, 0)).toBe(0);
    }
  });

  it('answers unknown codes, bad hashes and bad bodies with stable codes and writes nothing', async () => {
    const before = await t.ctx.log.size();
    const unknown = await t.app.inject({ method: 'GET', url: `/api/v1/public/donations/${'A'.repeat(26)}` });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('RECEIPT_NOT_FOUND');
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/v1/public/evidence/not-a-hash' })).statusCode,
    ).toBe(400);
    expect(
      (await t.app.inject({ method: 'GET', url: `/api/v1/public/evidence/${'0'.repeat(64)}` })).json().code,
    ).toBe('EVIDENCE_NOT_FOUND');
    const bad = await t.app.inject({
      method: 'POST',
      url: '/api/v1/donations',
      headers: bearer('owner'),
      payload: {
        grossMinor: -5,
        currency: 'EUR',
        receivedAt: '2026-11-02T10:00:00Z',
        providerPaymentId: 'x',
      },
    });
    expect(bad.statusCode).toBe(400);
    const feeTooBig = await t.app.inject({
      method: 'POST',
      url: '/api/v1/donations',
      headers: bearer('owner'),
      payload: {
        grossMinor: 100,
        feeMinor: 200,
        currency: 'EUR',
        receivedAt: '2026-11-02T10:00:00Z',
        providerPaymentId: 'y',
      },
    });
    expect(feeTooBig.statusCode).toBe(400);
    expect(feeTooBig.json().code).toBe('DONATION_INVALID');
    expect(await t.ctx.log.size()).toBe(before);

    const transparency = await t.app.inject({ method: 'GET', url: '/api/v1/public/transparency' });
    expect(transparency.statusCode).toBe(200);
    const tp = transparency.json();
    expect(tp.totals).toMatchObject({ raisedMinor: 2600, refundedMinor: 400, spentMinor: 1200 });
    expect(tp.projects[0]).toMatchObject({ name: 'Un pozzo a Kisumu', spentMinor: 1200 });
  });
});
