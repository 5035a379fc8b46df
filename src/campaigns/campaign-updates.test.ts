import { describe, expect, it } from 'vitest';
import { cleanBody, cleanTitle, checkLanguage, expensePaidText } from './campaign-updates';
import { atomFeed } from './campaign-updates-routes';

// The rules an update's text follows, the ledger's factual text, and the Atom feed's shape.

const nbsp = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return { code: (error as { code?: string }).code, details: (error as { details?: unknown }).details };
  }
  return null;
}

describe('update texts', () => {
  it('keeps a title on one line and bounds it', () => {
    expect(cleanTitle('  Siamo\r\n  partiti!  ')).toBe('Siamo partiti!');
    expect(cleanTitle('é'.normalize('NFD'))).toBe('é');
    expect(cleanTitle('🙏'.repeat(140))).toHaveLength(280); // 140 characters, 280 UTF-16 units
    expect(codeOf(() => cleanTitle('🙏'.repeat(141)))).toEqual({
      code: 'CAMPAIGN_UPDATE_INVALID',
      details: { field: 'title', limit: 140, length: 141 },
    });
    expect(codeOf(() => cleanTitle(' \n '))).toMatchObject({ details: { field: 'title' } });
    expect(codeOf(() => cleanTitle('a\u0007b'))).toMatchObject({ code: 'CAMPAIGN_UPDATE_INVALID' });
    expect(codeOf(() => cleanTitle('abc\u202edef'))).toMatchObject({ code: 'CAMPAIGN_UPDATE_INVALID' });
  });

  it('keeps the body’s line breaks as plain text, one blank line at most', () => {
    expect(cleanBody('Primo paragrafo.  \r\nRiga due.\r\n\r\n\r\n\r\nSecondo.\t ok\n')).toBe(
      'Primo paragrafo.\nRiga due.\n\nSecondo.  ok',
    );
    expect(codeOf(() => cleanBody('x'.repeat(5001)))).toMatchObject({
      details: { field: 'body', limit: 5000, length: 5001 },
    });
    expect(codeOf(() => cleanBody('\n\n'))).toMatchObject({ details: { field: 'body' } });
    expect(codeOf(() => cleanBody('a\u0000b'))).toMatchObject({ code: 'CAMPAIGN_UPDATE_INVALID' });
    expect(checkLanguage('de')).toBe('de');
    expect(codeOf(() => checkLanguage('pt'))).toMatchObject({ details: { field: 'language' } });
  });

  it('says what the ledger paid, in the organisation’s language, from public facts only', () => {
    const expense = {
      amountMinor: 124000,
      currency: 'EUR',
      description: 'Water pump repair',
      spentOn: '2026-10-09',
      logIndex: 812,
      hasInvoice: true,
    };
    const en = expensePaidText(expense, 'en');
    expect(nbsp(en.title)).toBe('€1,240.00 paid for “Water pump repair”');
    expect(nbsp(en.body)).toBe(
      'Expense of 9 October 2026: €1,240.00 for “Water pump repair”, paid with the gifts we received. The invoice is public. The expense is entry 812 of our public log, which anyone can verify.',
    );
    expect(nbsp(expensePaidText(expense, 'it').title)).toBe('1240,00 € pagati per «Water pump repair»');
    expect(expensePaidText({ ...expense, hasInvoice: false, logIndex: null }, 'de').body).not.toMatch(
      /Rechnung|Eintrag/,
    );
    const long = expensePaidText({ ...expense, description: 'Pompa '.repeat(60) }, 'fr');
    expect([...long.title].length).toBeLessThanOrEqual(140);
    expect(long.title).toMatch(/… »$/);
  });
});

describe('the Atom feed', () => {
  it('is an RFC 4287 feed with escaped text and one entry per update', () => {
    const feed = atomFeed({
      pageUrl: 'https://x.org/donate/pasti',
      feedUrl: 'https://x.org/api/v1/public/campaigns/pasti/updates.atom',
      title: 'Pasti & <caldi>',
      organisation: 'Filo ETS',
      now: '2026-11-01T00:00:00.000Z',
      updates: [
        {
          id: 'cup_1',
          title: '€5 paid for “A & B”',
          body: 'Line 1\n\nLine <2>',
          language: 'en',
          publishedAt: '2026-10-10T09:00:00.000Z',
          automatic: true,
          linkUrl: 'https://x.org/api/v1/public/evidence/abc',
        },
      ],
    });
    expect(feed).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(feed).toContain('<title>Pasti &amp; &lt;caldi&gt;</title>');
    expect(feed).toContain('<updated>2026-10-10T09:00:00.000Z</updated>');
    expect(feed).toContain('<id>https://x.org/donate/pasti#update-cup_1</id>');
    expect(feed).toContain('<link rel="related" href="https://x.org/api/v1/public/evidence/abc"/>');
    expect(feed).toContain('<content type="text" xml:lang="en">Line 1\n\nLine &lt;2&gt;</content>');
    expect(feed.match(/<entry>/g)).toHaveLength(1);
  });
});
