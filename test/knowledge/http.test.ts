import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knowledgeModule, type KnowledgeService } from '../../src/bot/knowledge';
import { ENGINES } from '../../src/store/testing';
import { createTestApp, type TestApp } from '../support/app';

describe.each(ENGINES)('/api/v1/knowledge on %s', (engine) => {
  let t: TestApp;
  const auth = (role: keyof TestApp['keys']) => ({ authorization: `Bearer ${t.keys[role]}` });
  beforeAll(async () => {
    t = await createTestApp(engine, { modules: [knowledgeModule] });
  });
  afterAll(async () => {
    await t.dispose();
  });

  it('seeds the demo FAQ and answers a question citing its source', async () => {
    await t.modules.find((m) => m.name === 'knowledge')!.seedDemo!();
    const list = await t.app.inject({
      method: 'GET',
      url: '/api/v1/knowledge/entries?language=es&kind=faq',
      headers: auth('agent'),
    });
    expect(list.statusCode).toBe(200);
    expect(list.json().items.length).toBeGreaterThanOrEqual(20);
    expect(list.json().generative).toBe(false);

    const q = encodeURIComponent('no me llego el recibo de mi donacion');
    const answer = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/answer?q=${q}&language=es`,
      headers: auth('auditor'),
    });
    expect(answer.statusCode).toBe(200);
    expect(answer.json()).toMatchObject({
      kind: 'answer',
      language: 'es',
      source: { sourceId: 'receipt-when' },
      generated: false,
    });
    expect(answer.json().text).toContain('/track');

    const search = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/search?q=${q}&language=es&limit=3`,
      headers: auth('agent'),
    });
    expect(search.json().hits).toHaveLength(3);
    expect(search.json().hits[0].confidence).toBeGreaterThanOrEqual(search.json().hits[1].confidence);
  });

  it('lets fundraisers edit entries and refuses agents, with stable codes', async () => {
    const body = {
      language: 'it',
      sourceId: 'orari-sede',
      question: 'Quando è aperta la sede?',
      answer: 'Martedì e giovedì pomeriggio.',
      phrasings: ['orari ufficio'],
    };
    const denied = await t.app.inject({
      method: 'POST',
      url: '/api/v1/knowledge/entries',
      headers: auth('agent'),
      payload: body,
    });
    expect(denied.statusCode).toBe(403);
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/knowledge/entries',
      headers: auth('fundraiser'),
      payload: body,
    });
    expect(created.statusCode).toBe(201);
    const entry = created.json();
    const again = await t.app.inject({
      method: 'POST',
      url: '/api/v1/knowledge/entries',
      headers: auth('fundraiser'),
      payload: body,
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('KNOWLEDGE_SOURCE_TAKEN');

    const q = encodeURIComponent('quali sono gli orari della sede?');
    const before = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/answer?q=${q}&language=it`,
      headers: auth('agent'),
    });
    expect(before.json()).toMatchObject({ kind: 'answer', source: { id: entry.id, sourceId: 'orari-sede' } });

    const put = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/knowledge/entries/${entry.id}`,
      headers: auth('owner'),
      payload: { question: body.question, answer: 'Solo il martedì.', expectedUpdatedAt: entry.updatedAt },
    });
    expect(put.statusCode).toBe(200);
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/api/v1/knowledge/entries/${entry.id}`,
      headers: auth('owner'),
      payload: { question: body.question, answer: 'Mai.', expectedUpdatedAt: entry.updatedAt },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('KNOWLEDGE_CONFLICT');
    const after = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/answer?q=${q}&language=it`,
      headers: auth('agent'),
    });
    expect(after.json().text).toBe('Solo il martedì.');

    const del = await t.app.inject({
      method: 'DELETE',
      url: `/api/v1/knowledge/entries/${entry.id}`,
      headers: auth('fundraiser'),
    });
    expect(del.statusCode).toBe(200);
    const gone = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/entries/${entry.id}`,
      headers: auth('agent'),
    });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().code).toBe('KNOWLEDGE_NOT_FOUND');
  });

  it('answers bad input with 400 or a safe no-answer, and writes nothing', async () => {
    const service = t.modules.find((m) => m.name === 'knowledge')!.service as KnowledgeService;
    const count = (await service.list({ kind: 'faq' })).length;
    for (const payload of [
      {},
      { language: 'it', sourceId: 'x', question: '', answer: 'a' },
      { language: 'pt', sourceId: 'x', question: 'q', answer: 'a' },
      { language: 'it', sourceId: 'UPPER', question: 'q', answer: 'a' },
      { language: 'it', sourceId: 'x', question: 'q', answer: 'a', extra: 1 },
      { language: 'it', sourceId: 'x', question: 'q'.repeat(301), answer: 'a' },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/api/v1/knowledge/entries',
        headers: auth('owner'),
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload).slice(0, 80)).toBe(400);
    }
    expect((await service.list({ kind: 'faq' })).length).toBe(count);

    const cases: [string, string, string][] = [
      ['', 'it', 'empty'],
      ['🙏😍🎉', 'en', 'empty'],
      ['how can I donate', 'pt', 'unsupported-language'],
      ['x'.repeat(10_000), 'de', 'low-confidence'],
    ];
    for (const [q, language, reason] of cases) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/api/v1/knowledge/answer?q=${encodeURIComponent(q)}&language=${language}`,
        headers: auth('agent'),
      });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toMatchObject({ kind: 'no-answer', reason });
    }
    const tooLong = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/answer?q=${'a'.repeat(10_001)}&language=it`,
      headers: auth('agent'),
    });
    expect(tooLong.statusCode).toBe(400);
    const junk = await t.app.inject({
      method: 'GET',
      url: `/api/v1/knowledge/search?q=${encodeURIComponent('\u0000\u0001ÿþ\u0007')}&language=fr`,
      headers: auth('agent'),
    });
    expect(junk.statusCode).toBe(200);
    expect(junk.json()).toMatchObject({ hits: [], best: null });
  });
});
