import { describe, expect, it } from 'vitest';
import { evaluate, extractEntities, LANGUAGES, Understander } from '../../src/bot';
import { normalise } from '../../src/bot/text';
import { loadTestExamples, loadTrainingExamples } from '../../src/bot/training-data';

const train = loadTrainingExamples();
const test = loadTestExamples();
const understander = Understander.train(train);

describe('held-out evaluation', () => {
  const report = evaluate(understander, test);
  it.each(LANGUAGES)('intent accuracy in %s stays at or above 90 percent', (language) => {
    const l = report.languages.find((x) => x.language === language);
    expect(l?.phrases).toBeGreaterThanOrEqual(40);
    expect(l?.accuracy, JSON.stringify(l?.errors)).toBeGreaterThanOrEqual(0.9);
  });

  it('the test set is held out: no test phrase appears among the training phrases', () => {
    const trained = new Set(train.map((e) => `${e.language}|${normalise(e.text)}`));
    const leaked = test.filter((e) => trained.has(`${e.language}|${normalise(e.text)}`)).map((e) => e.text);
    expect(leaked).toEqual([]);
  });

  it('covers every intent in every language, in training and in the test set', () => {
    for (const language of LANGUAGES) {
      expect(new Set(train.filter((e) => e.language === language).map((e) => e.intent)).size).toBe(15);
      expect(new Set(test.filter((e) => e.language === language).map((e) => e.intent)).size).toBe(15);
    }
  });
});

describe('bad input never crashes and answers none with a reason', () => {
  const cases: [string, string][] = [
    ['', 'empty'],
    ['   \n\t ', 'empty'],
    ['😀😀🎉', 'no_words'],
    ['\u0000\u0001\u0002\u0003\u0004\u0005ab', 'unreadable'],
    ['Я хочу сделать пожертвование', 'unsupported_language'],
    ['我想捐款', 'unsupported_language'],
    ['Chciałbym przekazać darowiznę na wasz projekt', 'unsupported_language'],
  ];
  it.each(cases)('%j → none (%s)', (text, reason) => {
    const r = understander.understand(text);
    expect(r.intent).toBe('none');
    expect(r.reason).toBe(reason);
  });

  it('a 10,000-character message is read from its start, quickly', () => {
    const text = `vorrei donare 10 euro ${'per i bambini della scuola '.repeat(400)}`.slice(0, 10_000);
    const t0 = performance.now();
    const r = understander.understand(text);
    expect(performance.now() - t0).toBeLessThan(200);
    expect(r.entities).toContainEqual(
      expect.objectContaining({ type: 'money', value: 1000, currency: 'EUR' }),
    );
  });

  it('random bytes decoded as text do not throw', () => {
    let seed = 7;
    for (let n = 0; n < 200; n += 1) {
      const bytes = Array.from({ length: 64 }, () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % 256);
      expect(() => understander.understand(Buffer.from(bytes).toString('utf8'))).not.toThrow();
    }
  });

  it('uses the supporter language as a hint when the text is too short to tell', () => {
    expect(understander.understand('ok', { language: 'de' }).language).toBe('de');
    expect(understander.understand('grazie mille per tutto').language).toBe('it');
  });
});

describe('entities', () => {
  const now = new Date('2026-05-10T10:00:00Z');
  const money = (text: string) =>
    extractEntities(text, { defaultCurrency: 'EUR', now }).filter((e) => e.type === 'money');
  it.each([
    ['5 euro', 500, 'EUR'],
    ['€10', 1000, 'EUR'],
    ['dieci euro', 1000, 'EUR'],
    ['zwanzig Euro', 2000, 'EUR'],
    ['10,50', 1050, 'EUR'],
    ['cinque euros', 500, 'EUR'],
    ['vingt euros', 2000, 'EUR'],
    ['vingt-cinq euros', 2500, 'EUR'],
    ['quatre-vingt-dix euros', 9000, 'EUR'],
    ['einundzwanzig Euro', 2100, 'EUR'],
    ['treinta y cinco euros', 3500, 'EUR'],
    ['duecentocinquanta euro', 25000, 'EUR'],
    ['twenty-five pounds', 2500, 'GBP'],
    ['$3.99', 399, 'USD'],
    ['€ 1.000', 100000, 'EUR'],
    ['12,5 €', 1250, 'EUR'],
  ])('%s → %i minor units %s', (text, value, currency) => {
    expect(money(text)).toEqual([expect.objectContaining({ value, currency })]);
  });

  it('no amount where there is none', () => {
    expect(money('sei un bot? ho 3 figli')).toEqual([]);
    expect(money('10,5,3')).toEqual([]);
  });

  it('distances, durations and dates', () => {
    const e = (t: string) => extractEntities(t, { defaultCurrency: 'EUR', now });
    expect(e('ho corso 5 km in 30 minuti')).toEqual([
      expect.objectContaining({ type: 'distance', value: 5000, unit: 'km' }),
      expect.objectContaining({ type: 'duration', value: 1800 }),
    ]);
    expect(e('ran 3 miles')).toEqual([
      expect.objectContaining({ type: 'distance', value: 4828, unit: 'mi' }),
    ]);
    expect(e("mezz'ora di camminata")).toEqual([expect.objectContaining({ type: 'duration', value: 1800 })]);
    expect(e('eine Stunde gelaufen')).toEqual([expect.objectContaining({ type: 'duration', value: 3600 })]);
    expect(e('ho donato ieri')).toEqual([
      expect.objectContaining({ type: 'date', value: '2026-05-09', granularity: 'day' }),
    ]);
    expect(e('il 12 marzo 2025')).toEqual([expect.objectContaining({ type: 'date', value: '2025-03-12' })]);
    expect(e('12/03/2025')).toEqual([expect.objectContaining({ type: 'date', value: '2025-03-12' })]);
    expect(e('31/02/2025')).toEqual([]);
    expect(e('en mars')).toEqual([
      expect.objectContaining({ type: 'date', value: '2026-03', granularity: 'month' }),
    ]);
    expect(e('in December')).toEqual([expect.objectContaining({ type: 'date', value: '2025-12' })]);
    expect(e('guten Morgen')).toEqual([]);
  });
});
