import { decimal } from './format';
import type { CampaignReport } from './templates';

// The campaign report as CSV (RFC 4180: comma-separated, CRLF, quotes doubled), one row per figure
// and per cost, amounts as plain decimals in the campaign's currency. A text cell that a spreadsheet
// would run as a formula (=, +, -, @ first) is prefixed with an apostrophe.

const HEADER = ['section', 'item', 'date', 'description', 'category', 'count', 'amount', 'currency'];

function cell(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function campaignReportCsv(r: CampaignReport): string {
  const c = r.currency;
  const i = r.income;
  const rows: string[][] = [
    HEADER,
    ['income', 'gifts', '', '', '', String(i.count), decimal(i.grossMinor), c],
    ['income', 'fees', '', '', '', '', decimal(-i.feesMinor), c],
    ['income', 'net', '', '', '', '', decimal(i.netMinor), c],
    ['income', 'refunds', '', '', '', String(i.refundsCount), decimal(-i.refundsMinor), c],
    ['income', 'net-after-refunds', '', '', '', '', decimal(i.netMinor - i.refundsMinor), c],
    ...r.costs.map((x) => [
      'cost',
      x.expenseId,
      x.date,
      x.description,
      x.category,
      '',
      decimal(x.amountMinor),
      c,
    ]),
    ['cost', 'total', '', '', '', String(r.costs.length), decimal(r.costsMinor), c],
    ['balance', 'unspent', '', '', '', '', decimal(r.unspentMinor), c],
  ];
  return (
    rows.map((row) => row.map((v, k) => (k === 3 || k === 1 ? cell(v) : v)).join(',')).join('\r\n') + '\r\n'
  );
}
