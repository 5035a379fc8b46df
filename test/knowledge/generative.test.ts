import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { GenerativeAnswerer, loadFaqSeeds, unsupportedFigures } from '../../src/bot/knowledge';
import { loadConfig } from '../../src/core';
import { knowledgeFixture, llmConfig, type KnowledgeFixture } from './support';

// The generative answerer against a local fake OpenAI-compatible endpoint: what it sends, and every way
// a reply can be unusable (an invented figure, a slow reply, a 500, junk) falls back to the entry.

type Behaviour = { status?: number; delayMs?: number; content?: string; raw?: string };

interface Recorded {
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: { model: string; messages: { role: string; content: string }[] };
}

let server: Server;
let baseUrl: string;
let behaviour: Behaviour = {};
const requests: Recorded[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        url: req.url ?? '',
        headers: req.headers,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      const { status = 200, delayMs = 0, content, raw } = behaviour;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        const completion = {
          id: 'chatcmpl-1',
          object: 'chat.completion',
          model: 'fake-model',
          choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content } }],
        };
        if (raw !== undefined) res.end(raw);
        else if (status !== 200) res.end(JSON.stringify({ error: { message: 'boom' } }));
        else res.end(JSON.stringify(completion));
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests.length = 0;
  behaviour = {};
});

describe('figure check', () => {
  const source =
    'Con 5 € offri tre pasti caldi; detrazione del 35% fino a 30.000 € all’anno, dal 12 marzo 2026.';
  it('accepts figures that are in the sources, however written', () => {
    expect(
      unsupportedFigures('Bastano 5,00 € per 3 pasti: il 35 % fino a 30,000 euro, dal 12/03/2026.', [source]),
    ).toEqual([]);
  });
  it('rejects invented amounts, percentages, dates and number words', () => {
    expect(unsupportedFigures('Bastano 6 €', [source]).map((f) => f.text)).toEqual(['6']);
    expect(unsupportedFigures('il 40%', [source]).map((f) => f.text)).toEqual(['40']);
    expect(unsupportedFigures('dal 14 marzo', [source]).map((f) => f.text)).toEqual(['14']);
    expect(unsupportedFigures('entro aprile', [source]).map((f) => f.text)).toEqual(['aprile']);
    expect(unsupportedFigures('con venti euro', [source]).map((f) => f.text)).toEqual(['venti']);
  });
});

describe('configuration', () => {
  it('is off by default and needs base URL and model together', () => {
    expect(loadConfig({}).llm).toBeNull();
    expect(() => loadConfig({ FILO_LLM_BASE_URL: 'http://x' })).toThrow(/FILO_LLM_MODEL/);
    expect(() => loadConfig({ FILO_LLM_MODEL: 'm' })).toThrow(/FILO_LLM_BASE_URL/);
    expect(loadConfig({ FILO_LLM_BASE_URL: 'http://x/v1/', FILO_LLM_MODEL: 'm' }).llm).toEqual({
      baseUrl: 'http://x/v1',
      model: 'm',
      apiKey: undefined,
      timeoutMs: 8000,
    });
  });
});

describe.each(['sqlite', 'postgres'] as const)('generative answers on %s', (engine) => {
  let f: KnowledgeFixture;
  beforeAll(async () => {
    f = await knowledgeFixture(engine, { llm: llmConfig(`${'http://127.0.0.1:1'}`) });
  });
  afterAll(async () => {
    await f.dispose();
  });

  async function service(timeoutMs = 400): Promise<KnowledgeFixture['service']> {
    const g = await knowledgeFixture(engine, { llm: llmConfig(baseUrl, timeoutMs) });
    await g.service.importSeeds('it', loadFaqSeeds('it'));
    cleanups.push(() => g.dispose());
    return g.service;
  }
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it('sends the question with the retrieved entry and uses a faithful rephrasing', async () => {
    const s = await service();
    behaviour = { content: 'Certo! Con 5 € offri 3 pasti caldi ai bambini del Navile.' };
    const answer = await s.answer({ text: 'cosa fate con la mensa a scuola?', language: 'it' });
    expect(answer).toMatchObject({
      kind: 'answer',
      generated: true,
      fallback: null,
      text: 'Certo! Con 5 € offri 3 pasti caldi ai bambini del Navile.',
      source: { sourceId: 'project-mensa' },
    });
    expect(requests).toHaveLength(1);
    const sent = requests[0]!;
    expect(sent.url).toBe('/v1/chat/completions');
    expect(sent.headers.authorization).toBe('Bearer sk-test-key');
    expect(sent.body.model).toBe('fake-model');
    expect(sent.body.messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(sent.body.messages[0]!.content).toContain('Never add a number');
    expect(sent.body.messages[1]!.content).toContain('[project-mensa]');
    expect(sent.body.messages[1]!.content).toContain('Cooperativa Pane e Rose');
    expect(sent.body.messages[1]!.content).toContain('cosa fate con la mensa a scuola?');
  });

  it('rejects a reply that invents a number and gives the entry verbatim', async () => {
    const s = await service();
    behaviour = { content: 'Con 5 € offri 4 pasti caldi a 200 bambini!' };
    const answer = await s.answer({ text: 'cosa fate con la mensa a scuola?', language: 'it' });
    expect(answer).toMatchObject({ kind: 'answer', generated: false, fallback: 'invented-figures' });
    if (answer.kind !== 'answer') return;
    const entry = await s.get(answer.source.id);
    expect(answer.text).toBe(entry.answer);
  });

  it('accepts figures from the ledger facts passed in', async () => {
    const s = await service();
    behaviour = { content: 'Il tuo dono di 7 € del 14 marzo ha pagato 4 pasti.' };
    const without = await s.answer({ text: 'cosa fate con la mensa a scuola?', language: 'it' });
    expect(without).toMatchObject({ generated: false, fallback: 'invented-figures' });
    const withFacts = await s.answer({
      text: 'cosa fate con la mensa a scuola?',
      language: 'it',
      facts: ['Dono di 7 € del 14 marzo 2026: ha pagato 4 pasti (fattura F-2026-031).'],
    });
    expect(withFacts).toMatchObject({
      generated: true,
      text: 'Il tuo dono di 7 € del 14 marzo ha pagato 4 pasti.',
    });
    expect(requests.at(-1)!.body.messages[1]!.content).toContain('FACTS FROM THE LEDGER');
  });

  it('falls back on a slow reply (timeout), a 500, junk and a refusal', async () => {
    const s = await service(300);
    const cases: [Behaviour, string][] = [
      [{ delayMs: 1500, content: 'troppo tardi' }, 'timeout'],
      [{ status: 500 }, 'http-error'],
      [{ raw: 'not json' }, 'bad-response'],
      [{ raw: JSON.stringify({ choices: [] }) }, 'bad-response'],
      [{ content: '' }, 'bad-response'],
      [{ content: 'NO_ANSWER' }, 'declined'],
    ];
    for (const [b, reason] of cases) {
      behaviour = b;
      const started = Date.now();
      const answer = await s.answer({ text: 'cosa fate con la mensa a scuola?', language: 'it' });
      expect(answer, reason).toMatchObject({
        kind: 'answer',
        generated: false,
        fallback: reason,
        source: { sourceId: 'project-mensa' },
      });
      expect(Date.now() - started).toBeLessThan(1200);
    }
  });

  it('falls back when the endpoint cannot be reached, and never calls it without an answer', async () => {
    await f.service.importSeeds('it', loadFaqSeeds('it'));
    const answer = await f.service.answer({ text: 'cosa fate con la mensa a scuola?', language: 'it' });
    expect(answer).toMatchObject({ kind: 'answer', generated: false, fallback: 'unreachable' });
    const s = await service();
    expect(await s.answer({ text: 'mi consigli una pizzeria in centro?', language: 'it' })).toMatchObject({
      kind: 'no-answer',
    });
    expect(requests).toHaveLength(0);
  });
});

describe('GenerativeAnswerer without an API key', () => {
  it('sends no Authorization header', async () => {
    const g = new GenerativeAnswerer({ baseUrl, model: 'm', apiKey: undefined, timeoutMs: 500 });
    behaviour = { content: 'Sì.' };
    const out = await g.rephrase({
      question: 'q',
      language: 'en',
      organisation: 'O',
      sources: [{ id: 'a', title: 't', text: 'Yes.' }],
      facts: [],
    });
    expect(out).toEqual({ ok: true, text: 'Sì.' });
    expect(requests[0]!.headers.authorization).toBeUndefined();
  });
});
