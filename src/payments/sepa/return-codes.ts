// Why a collection came back (an R-transaction: reject, return or refund), by its ISO 20022 reason
// code as SEPA Core direct debits use them, and what Filo does about the mandate. 'cancel' ends the
// mandate (the account or the authorisation is gone); 'retry' keeps it, so the next month's
// collection is presented as usual (a FRST that came back is presented as FRST again).

export type ReturnPolicy = 'cancel' | 'retry';

export interface ReturnReason {
  readonly code: string;
  readonly name: string;
  readonly policy: ReturnPolicy;
}

// prettier-ignore
export const RETURN_REASONS: readonly ReturnReason[] = Object.freeze([
  { code: 'AC01', name: 'Account identifier incorrect (invalid IBAN)', policy: 'cancel' },
  { code: 'AC04', name: 'Account closed', policy: 'cancel' },
  { code: 'AC06', name: 'Account blocked, or blocked for direct debits by the debtor', policy: 'cancel' },
  { code: 'AC13', name: 'Debtor account is a consumer account (B2B only)', policy: 'cancel' },
  { code: 'AG01', name: 'Direct debits are forbidden on this account', policy: 'cancel' },
  { code: 'AG02', name: 'Operation or transaction code incorrect', policy: 'retry' },
  { code: 'AM04', name: 'Insufficient funds', policy: 'retry' },
  { code: 'AM05', name: 'Duplicate collection', policy: 'retry' },
  { code: 'BE05', name: 'Creditor identifier incorrect', policy: 'retry' },
  { code: 'CNOR', name: 'Creditor bank is not registered under this BIC in the scheme', policy: 'retry' },
  { code: 'DNOR', name: 'Debtor bank is not registered under this BIC in the scheme', policy: 'cancel' },
  { code: 'FF01', name: 'File format incomplete or invalid', policy: 'retry' },
  { code: 'MD01', name: 'No valid mandate, or unauthorised transaction', policy: 'cancel' },
  { code: 'MD02', name: 'Mandate data missing or incorrect', policy: 'retry' },
  { code: 'MD06', name: 'Refund requested by the debtor (authorised transaction)', policy: 'retry' },
  { code: 'MD07', name: 'Debtor deceased', policy: 'cancel' },
  { code: 'MS02', name: 'Refused by the debtor, reason not given', policy: 'retry' },
  { code: 'MS03', name: 'Refused by the bank, reason not given', policy: 'retry' },
  { code: 'RC01', name: 'BIC incorrect', policy: 'retry' },
  { code: 'RR01', name: 'Debtor account or identification missing (regulatory)', policy: 'retry' },
  { code: 'RR02', name: 'Debtor name or address missing (regulatory)', policy: 'retry' },
  { code: 'RR03', name: 'Creditor name or address missing (regulatory)', policy: 'retry' },
  { code: 'RR04', name: 'Regulatory reason', policy: 'retry' },
  { code: 'SL01', name: 'Blocked by a service of the debtor bank (creditor not allowed)', policy: 'cancel' },
]);

const BY_CODE = new Map(RETURN_REASONS.map((r) => [r.code, r]));

export function returnReason(code: string): ReturnReason | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** The first known reason code written in a bank's text ("RUECKLASTSCHRIFT AM04 …"), if any. */
export function reasonInText(text: string | null): ReturnReason | undefined {
  if (!text) return undefined;
  for (const token of text.toUpperCase().match(/\b[A-Z]{2}[A-Z0-9]{2}\b/g) ?? []) {
    const found = BY_CODE.get(token);
    if (found) return found;
  }
  return undefined;
}
