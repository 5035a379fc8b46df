// The public log's entry format, version 1 (docs/log-entry-format.md): canonical JSON — keys sorted,
// no whitespace, UTF-8 — of one ledger event. Amounts are integer minor units; a donor appears only as
// a commitment (HMAC-SHA256 keyed by a per-donor random opening, over the donor id), never by name.

export type LedgerEvent =
  | {
      readonly type: 'donation.received';
      readonly id: string;
      readonly at: string;
      readonly gross: number;
      readonly fee: number;
      readonly net: number;
      readonly currency: string;
      readonly restriction: 'project' | 'campaign' | 'unrestricted';
      readonly project: string | null;
      readonly campaign: string | null;
      readonly donor: string | null;
    }
  | {
      readonly type: 'donation.refunded';
      readonly id: string;
      readonly donation: string;
      readonly at: string;
      readonly amount: number;
      readonly currency: string;
    }
  | {
      readonly type: 'expense.approved';
      readonly id: string;
      readonly at: string;
      readonly amount: number;
      readonly currency: string;
      readonly category: string;
      readonly project: string | null;
      readonly campaign: string | null;
      readonly description: string;
      readonly evidence: readonly string[];
    }
  | {
      readonly type: 'donation.allocated';
      readonly id: string;
      readonly donation: string;
      readonly expense: string | null;
      readonly kind: 'expense' | 'fee' | 'reversal' | 'fee-cover';
      readonly amount: number;
      readonly currency: string;
      readonly at: string;
      readonly reverses: string | null;
    };

export const ENTRY_VERSION = 1;

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  const obj = value as Record<string, unknown>;
  return `{${Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonical(obj[k])}`)
    .join(',')}}`;
}

export function encodeLedgerEntry(event: LedgerEvent): Uint8Array {
  return new TextEncoder().encode(canonical({ v: ENTRY_VERSION, ...event }));
}

/** Parses an entry; undefined when the bytes are not a Filo ledger entry of a known version. */
export function decodeLedgerEntry(bytes: Uint8Array): LedgerEvent | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (!parsed || typeof parsed !== 'object' || (parsed as { v?: unknown }).v !== ENTRY_VERSION)
    return undefined;
  const type = (parsed as { type?: unknown }).type;
  if (
    type !== 'donation.received' &&
    type !== 'donation.refunded' &&
    type !== 'expense.approved' &&
    type !== 'donation.allocated'
  ) {
    return undefined;
  }
  const event = { ...(parsed as Record<string, unknown>) };
  delete event.v;
  return event as unknown as LedgerEvent;
}

export interface InvariantProblem {
  readonly index: number;
  readonly message: string;
}

const isAmount = (n: unknown): n is number => typeof n === 'number' && Number.isSafeInteger(n);

/**
 * Re-checks the ledger's rules from the log entries alone, as any auditor can: amounts are integers,
 * gross = fee + net, references exist and come earlier, currencies match, and no donation is spent or
 * refunded beyond what it brought, and no expense is funded beyond its amount.
 */
export function checkLedgerInvariants(entries: Iterable<Uint8Array>): InvariantProblem[] {
  const problems: InvariantProblem[] = [];
  const donations = new Map<
    string,
    { gross: number; fee: number; currency: string; refunded: number; allocated: number; covered: number }
  >();
  const expenses = new Map<string, { amount: number; currency: string; funded: number }>();
  const allocations = new Map<
    string,
    { donation: string; expense: string | null; amount: number; reversed: boolean }
  >();
  const seen = new Set<string>();
  let index = -1;
  for (const bytes of entries) {
    index++;
    const e = decodeLedgerEntry(bytes);
    const fail = (message: string) => problems.push({ index, message });
    if (!e) {
      fail('not a version-1 Filo ledger entry');
      continue;
    }
    if (seen.has(`${e.type}:${e.id}`)) fail(`${e.type} ${e.id} appears twice`);
    seen.add(`${e.type}:${e.id}`);
    switch (e.type) {
      case 'donation.received': {
        if (
          !isAmount(e.gross) ||
          !isAmount(e.fee) ||
          !isAmount(e.net) ||
          e.gross <= 0 ||
          e.fee < 0 ||
          e.net < 0
        ) {
          fail(`donation ${e.id} has invalid amounts`);
        } else if (e.gross !== e.fee + e.net) {
          fail(`donation ${e.id}: gross ${e.gross} ≠ fee ${e.fee} + net ${e.net}`);
        }
        if (e.donor !== null && !/^[0-9a-f]{64}$/.test(e.donor))
          fail(`donation ${e.id}: the donor is not a commitment`);
        donations.set(e.id, {
          gross: e.gross,
          fee: e.fee,
          currency: e.currency,
          refunded: 0,
          allocated: 0,
          covered: 0,
        });
        break;
      }
      case 'donation.refunded': {
        const d = donations.get(e.donation);
        if (!d) {
          fail(`refund ${e.id} of unknown donation ${e.donation}`);
          break;
        }
        if (!isAmount(e.amount) || e.amount <= 0) fail(`refund ${e.id} has an invalid amount`);
        if (e.currency !== d.currency)
          fail(`refund ${e.id} is in ${e.currency}, the donation in ${d.currency}`);
        d.refunded += e.amount;
        if (d.refunded > d.gross) fail(`donation ${e.donation} refunded ${d.refunded} of ${d.gross}`);
        break;
      }
      case 'expense.approved': {
        if (!isAmount(e.amount) || e.amount <= 0) fail(`expense ${e.id} has an invalid amount`);
        if (!e.evidence.every((h) => /^[0-9a-f]{64}$/.test(h)))
          fail(`expense ${e.id} has an evidence hash that is not SHA-256`);
        expenses.set(e.id, { amount: e.amount, currency: e.currency, funded: 0 });
        break;
      }
      case 'donation.allocated': {
        const d = donations.get(e.donation);
        if (!d) {
          fail(`allocation ${e.id} from unknown donation ${e.donation}`);
          break;
        }
        if (!isAmount(e.amount)) fail(`allocation ${e.id} has an invalid amount`);
        if (e.currency !== d.currency)
          fail(`allocation ${e.id} is in ${e.currency}, the donation in ${d.currency}`);
        if (e.kind === 'fee-cover') {
          d.covered += e.amount;
          break;
        }
        if (e.kind === 'reversal') {
          const original = e.reverses ? allocations.get(e.reverses) : undefined;
          if (
            !original ||
            original.reversed ||
            original.donation !== e.donation ||
            original.amount !== -e.amount
          ) {
            fail(`allocation ${e.id} does not reverse an earlier allocation exactly`);
          } else {
            original.reversed = true;
          }
        } else if (e.amount <= 0) {
          fail(`allocation ${e.id} must be positive`);
        }
        d.allocated += e.amount;
        if (e.expense !== null) {
          const x = expenses.get(e.expense);
          if (!x) fail(`allocation ${e.id} to unknown or unapproved expense ${e.expense}`);
          else {
            x.funded += e.amount;
            if (x.funded > x.amount) fail(`expense ${e.expense} funded ${x.funded} of ${x.amount}`);
          }
        } else if (e.kind === 'expense') {
          fail(`allocation ${e.id} of kind expense names no expense`);
        }
        allocations.set(e.id, {
          donation: e.donation,
          expense: e.expense,
          amount: e.amount,
          reversed: false,
        });
        if (e.kind !== 'reversal' && d.allocated > d.gross - d.refunded + d.covered) {
          fail(
            `donation ${e.donation} allocated ${d.allocated} but only ${d.gross - d.refunded + d.covered} is available`,
          );
        }
        break;
      }
    }
  }
  // After a refund, reversals follow; once all entries are read every donation must fit.
  for (const [id, d] of donations) {
    if (d.allocated > d.gross - d.refunded + d.covered) {
      problems.push({
        index,
        message: `donation ${id} ends allocated ${d.allocated} beyond its ${d.gross - d.refunded + d.covered}`,
      });
    }
  }
  return problems;
}
