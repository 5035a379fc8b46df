import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KNOWLEDGE_LANGUAGES, isFiloErrorCode, loadFaqSeeds } from './helpers';
import { ENGINES } from '../../src/store/testing';
import { knowledgeFixture, type KnowledgeFixture } from './support';

describe.each(ENGINES)('knowledge base on %s', (engine) => {
  let f: KnowledgeFixture;
  beforeEach(async () => {
    f = await knowledgeFixture(engine);
  });
  afterEach(async () => {
    await f.dispose();
  });

  it('stores, reads, updates and deletes FAQ entries', async () => {
    const created = await f.service.create(
      {
        language: 'it',
        sourceId: 'receipt-italy',
        question: '  Le donazioni sono detraibili?  ',
        phrasings: ['Posso scaricare la donazione?', '', 'Posso scaricare la donazione?'],
        answer: 'Sì, art. 83 CTS: detrazione del 35%.',
        tags: ['fisco'],
      },
      'usr_1',
    );
    expect(created).toMatchObject({
      kind: 'faq',
      language: 'it',
      sourceId: 'receipt-italy',
      question: 'Le donazioni sono detraibili?',
      phrasings: ['Posso scaricare la donazione?'],
      tags: ['fisco'],
      projectId: null,
    });
    expect(await f.service.get(created.id)).toEqual(created);

    const updated = await f.service.update(created.id, {
      question: 'Le donazioni si detraggono?',
      answer: 'Sì: art. 83 CTS.',
      expectedUpdatedAt: created.updatedAt,
    });
    expect(updated.question).toBe('Le donazioni si detraggono?');
    expect(updated.phrasings).toEqual([]);
    // A second editor with the old version is refused, and nothing changes.
    await expect(
      f.service.update(created.id, {
        question: 'x',
        answer: 'y',
        expectedUpdatedAt: '2000-01-01T00:00:00.000Z',
      }),
    ).rejects.toSatisfy(isFiloErrorCode('KNOWLEDGE_CONFLICT'));
    expect((await f.service.get(created.id)).question).toBe('Le donazioni si detraggono?');

    await f.service.remove(created.id);
    await expect(f.service.get(created.id)).rejects.toSatisfy(isFiloErrorCode('KNOWLEDGE_NOT_FOUND'));
    await expect(f.service.remove(created.id)).rejects.toSatisfy(isFiloErrorCode('KNOWLEDGE_NOT_FOUND'));
  });

  it('keeps one entry per language and source id, also when two creations race', async () => {
    const input = { language: 'en', sourceId: 'refund', question: 'Refund?', answer: 'Yes.' };
    const results = await Promise.allSettled([
      f.service.create(input),
      f.service.create(input),
      f.service.create(input),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results)
      if (r.status === 'rejected') expect(isFiloErrorCode('KNOWLEDGE_SOURCE_TAKEN')(r.reason)).toBe(true);
    // The same source id in another language is the translation, not a duplicate.
    await f.service.create({ ...input, language: 'de', question: 'Erstattung?', answer: 'Ja.' });
    expect(await f.service.list({ kind: 'faq' })).toHaveLength(2);
  });

  it('refuses bad entries with KNOWLEDGE_INVALID and writes nothing', async () => {
    const bad = [
      { language: 'pt', sourceId: 'a', question: 'q', answer: 'a' },
      { language: 'it', sourceId: 'Not A Slug', question: 'q', answer: 'a' },
      { language: 'it', sourceId: 'project-page-mensa', question: 'q', answer: 'a' },
      { language: 'it', sourceId: 'ok', question: '   ', answer: 'a' },
      { language: 'it', sourceId: 'ok', question: 'q', answer: 'x'.repeat(4001) },
      {
        language: 'it',
        sourceId: 'ok',
        question: 'q',
        answer: 'a',
        phrasings: Array.from({ length: 31 }, (_, i) => `p${i}`),
      },
    ];
    for (const input of bad) {
      await expect(f.service.create(input)).rejects.toSatisfy(isFiloErrorCode('KNOWLEDGE_INVALID'));
    }
    expect(await f.service.list({ kind: 'faq' })).toEqual([]);
  });

  it('makes read-only project pages from the projects, in the organisation’s language', async () => {
    const project = await f.projects.create({
      slug: 'doposcuola',
      name: 'Doposcuola al Pilastro',
      description: 'Aiuto compiti, libri e merenda per 60 ragazzi, tre pomeriggi a settimana.',
    });
    const pages = await f.service.list({ kind: 'project' });
    expect(pages).toEqual([
      expect.objectContaining({
        kind: 'project',
        language: 'it',
        projectId: project.id,
        question: 'Doposcuola al Pilastro',
      }),
    ]);
    await expect(f.service.update(pages[0]!.id, { question: 'x', answer: 'y' })).rejects.toSatisfy(
      isFiloErrorCode('KNOWLEDGE_READ_ONLY'),
    );
    const answer = await f.service.answer({
      text: 'quando c’è il doposcuola per i ragazzi?',
      language: 'it',
    });
    expect(answer).toMatchObject({
      kind: 'answer',
      source: { id: pages[0]!.id, kind: 'project', title: 'Doposcuola al Pilastro' },
    });
    // Not in the English index: its text is Italian.
    expect((await f.service.list({ kind: 'project', language: 'en' })).length).toBe(0);
  });

  it('loads the demo FAQ once (importing again adds nothing) and answers from it, citing the entry', async () => {
    let added = 0;
    for (const language of KNOWLEDGE_LANGUAGES)
      added += await f.service.importSeeds(language, loadFaqSeeds(language));
    expect(added).toBeGreaterThanOrEqual(5 * 20);
    for (const language of KNOWLEDGE_LANGUAGES)
      expect(await f.service.importSeeds(language, loadFaqSeeds(language))).toBe(0);

    const it = await f.service.answer({ text: 'la donazione si può detrarre dal 730?', language: 'it' });
    expect(it.kind).toBe('answer');
    if (it.kind !== 'answer') return;
    expect(it.source.sourceId).toBe('receipt-italy');
    expect(it.text).toContain('art. 83');
    expect(it.generated).toBe(false);
    const entry = await f.service.get(it.source.id);
    expect(it.source.title).toBe(entry.question);

    const de = await f.service.answer({ text: 'Wie kann ich meine Dauerspende kündigen?', language: 'de' });
    expect(de).toMatchObject({ kind: 'answer', source: { sourceId: 'recurring-change' } });
  });

  it('tolerates typos through trigrams', async () => {
    await f.service.importSeeds('en', loadFaqSeeds('en'));
    const search = await f.service.search('volunterring', 'en');
    expect(search.best?.sourceId).toBe('volunteering');
    const typo = await f.service.answer({ text: 'how do i unsubscibe', language: 'en' });
    expect(typo).toMatchObject({ kind: 'answer', source: { sourceId: 'unsubscribe' } });
  });

  it('sees edits at once: a changed answer is what the next question gets', async () => {
    const entry = await f.service.create({
      language: 'fr',
      sourceId: 'horaires',
      question: 'Quels sont vos horaires ?',
      answer: 'Du lundi au vendredi.',
    });
    expect(await f.service.answer({ text: 'vos horaires ?', language: 'fr' })).toMatchObject({
      text: 'Du lundi au vendredi.',
    });
    await f.service.update(entry.id, { question: entry.question, answer: 'Du mardi au samedi.' });
    expect(await f.service.answer({ text: 'vos horaires ?', language: 'fr' })).toMatchObject({
      text: 'Du mardi au samedi.',
    });
    await f.service.remove(entry.id);
    expect(await f.service.answer({ text: 'vos horaires ?', language: 'fr' })).toMatchObject({
      kind: 'no-answer',
      reason: 'no-entries',
    });
  });

  it('gives a safe "no answer" to bad input, never a crash', async () => {
    await f.service.importSeeds('it', loadFaqSeeds('it'));
    const junk = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919 + 13) % 256)).toString(
      'latin1',
    );
    const utf8Junk = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 104729 + 7) % 256)).toString(
      'utf8',
    );
    const cases: [string, string, string][] = [
      ['', 'it', 'empty'],
      ['   \n\t ', 'it', 'empty'],
      ['🙏🙏😍❤️', 'it', 'empty'],
      ['\u0000\u0001\u0002', 'it', 'empty'],
      ['\ud800\udfff\ud800', 'it', 'empty'],
      ['come posso donare?', 'pt', 'unsupported-language'],
      ['come posso donare?', '', 'unsupported-language'],
      ['jak mogę przekazać darowiznę?', 'it', 'low-confidence'],
    ];
    for (const [text, language, reason] of cases) {
      const answer = await f.service.answer({ text, language });
      expect(answer, JSON.stringify(text)).toMatchObject({ kind: 'no-answer', reason });
    }
    for (const text of [junk, utf8Junk, 'a'.repeat(10_000), 'donare '.repeat(1500), 'x'.repeat(100_000)]) {
      const started = Date.now();
      const answer = await f.service.answer({ text, language: 'it' });
      expect(['answer', 'no-answer']).toContain(answer.kind);
      expect(Date.now() - started).toBeLessThan(2000);
      const search = await f.service.search(text, 'it');
      expect(search.supported).toBe(true);
    }
    expect((await f.service.answer({ text: 'a'.repeat(10_000), language: 'it' })).kind).toBe('no-answer');
  });
});
