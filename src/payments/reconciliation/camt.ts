import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FiloError } from '../../core';
import { ReconciliationErrors } from './errors';
import { requireCurrency, toMinor } from './money';
import { cleanText, normaliseIban, type Direction, type RawEntry } from './statement';

// ISO 20022 camt.053 (BankToCustomerStatement) versions 001.02 and 001.08. The file is checked for
// well-formedness, the namespace and the parts this importer relies on; any problem rejects the whole
// file with a stable code and where it is (statement, entry). Differences between versions handled:
// entry status (`<Sts>BOOK</Sts>` in 02, `<Sts><Cd>BOOK</Cd></Sts>` in 08) and parties
// (`<Dbtr><Nm>` in 02, `<Dbtr><Pty><Nm>` in 08); both shapes are read in either version.

export const CAMT_NAMESPACES = {
  'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02': 'camt.053.001.02',
  'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08': 'camt.053.001.08',
} as const;
export type CamtVersion = (typeof CAMT_NAMESPACES)[keyof typeof CAMT_NAMESPACES];

const ARRAYS = new Set(['Stmt', 'Ntry', 'NtryDtls', 'TxDtls', 'Ustrd', 'Strd', 'Bal']);
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

function obj(v: unknown): Node | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}
function arr(v: unknown): Node[] {
  return Array.isArray(v) ? (v as unknown[]).map((x): Node => obj(x) ?? { '#text': x }) : [];
}
function text(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  const o = obj(v);
  if (o && typeof o['#text'] === 'string') return o['#text'];
  return undefined;
}
function path(v: unknown, ...keys: string[]): unknown {
  let cur: unknown = v;
  for (const k of keys) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[k];
  }
  return cur;
}

function invalid(message: string, details: Record<string, unknown>): FiloError {
  return new FiloError(ReconciliationErrors.BANK_FILE_INVALID, { message, details });
}

/** Reads the root element's name and namespace from the text (before parsing strips prefixes). */
function rootNamespace(xml: string): { name: string; namespace: string | null } {
  const body = xml.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->/g, '');
  const m = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)([^>]*)>/.exec(body);
  if (!m) return { name: '', namespace: null };
  const prefix = m[1];
  const attrs = m[3] ?? '';
  const attr = prefix ? `xmlns:${prefix}` : 'xmlns';
  const re = new RegExp(`\\s${attr.replace('.', '\\.')}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`);
  const ns = re.exec(attrs);
  return { name: m[2] ?? '', namespace: ns ? (ns[1] ?? ns[2] ?? null) : null };
}

/** Tells whether bytes look like an XML document (for format detection). */
export function looksLikeXml(bytes: Uint8Array): boolean {
  const head = Buffer.from(bytes.subarray(0, 64))
    .toString('utf8')
    .replace(/^\uFEFF/, '')
    .trimStart();
  return head.startsWith('<');
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
export function validDate(value: string): boolean {
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return (
    d.getUTCFullYear() === Number(m[1]) &&
    d.getUTCMonth() === Number(m[2]) - 1 &&
    d.getUTCDate() === Number(m[3])
  );
}

function dateOf(node: unknown): string | undefined {
  const dt = text(path(node, 'Dt'));
  if (dt !== undefined) return dt;
  const dtTm = text(path(node, 'DtTm'));
  return dtTm?.slice(0, 10);
}

const AMOUNT = /^(\d{1,18})(?:\.(\d{1,5}))?$/;

function amountOf(node: unknown, where: string): { minor: number; currency: string } {
  const raw = text(node);
  if (raw === undefined || raw.trim() === '') {
    throw new FiloError(ReconciliationErrors.BANK_ENTRY_AMOUNT_INVALID, {
      message: `${where}: no amount`,
      details: { where },
    });
  }
  const currency = requireCurrency(text(path(node, '@_Ccy')), where);
  const m = AMOUNT.exec(raw.trim());
  if (!m) {
    throw new FiloError(ReconciliationErrors.BANK_ENTRY_AMOUNT_INVALID, {
      message: `${where}: ${JSON.stringify(raw.slice(0, 24))} is not a positive decimal amount`,
      details: { where },
    });
  }
  return { minor: toMinor(m[1] ?? '', m[2] ?? '', currency, where), currency };
}

function partyName(party: unknown): string | null {
  // 02: <Dbtr><Nm>; 08: <Dbtr><Pty><Nm>
  return cleanText(text(path(party, 'Nm')) ?? text(path(party, 'Pty', 'Nm')), 140);
}

function ibanOf(account: unknown): string | null {
  return normaliseIban(text(path(account, 'Id', 'IBAN')));
}

interface TxFacts {
  readonly name: string | null;
  readonly iban: string | null;
  readonly remittance: string | null;
  readonly reference: string | null;
  readonly servicerRef: string | null;
  readonly amount: { minor: number; currency: string } | null;
}

function txFacts(tx: Node, direction: Direction, where: string): TxFacts {
  const parties = path(tx, 'RltdPties');
  const [partyKey, ultimateKey, accountKey] =
    direction === 'credit' ? ['Dbtr', 'UltmtDbtr', 'DbtrAcct'] : ['Cdtr', 'UltmtCdtr', 'CdtrAcct'];
  const name = partyName(path(parties, partyKey)) ?? partyName(path(parties, ultimateKey));
  const iban = ibanOf(path(parties, accountKey));
  const rmt = path(tx, 'RmtInf');
  const ustrd = arr(path(rmt, 'Ustrd'))
    .map((u) => text(u))
    .filter((u): u is string => !!u);
  const strdRefs = arr(path(rmt, 'Strd'))
    .map((s) => text(path(s, 'CdtrRefInf', 'Ref')))
    .filter((u): u is string => !!u);
  const e2e = text(path(tx, 'Refs', 'EndToEndId'));
  const reference = cleanText(e2e && e2e.toUpperCase() !== 'NOTPROVIDED' ? e2e : (strdRefs[0] ?? null), 140);
  const remittance = cleanText([...ustrd, ...strdRefs].join(' ') || text(path(tx, 'AddtlTxInf')) || null);
  const amtNode = path(tx, 'Amt') ?? path(tx, 'AmtDtls', 'TxAmt', 'Amt');
  return {
    name,
    iban,
    remittance,
    reference,
    servicerRef: cleanText(text(path(tx, 'Refs', 'AcctSvcrRef')), 35),
    amount: amtNode === undefined ? null : amountOf(amtNode, `${where} transaction amount`),
  };
}

/** Parses one camt.053 XML document; throws a FiloError with a stable code on any problem. */
export function parseCamt053(xml: string): {
  version: CamtVersion;
  statements: number;
  entries: RawEntry[];
  skipped: number;
} {
  if (/<!DOCTYPE/i.test(xml)) {
    throw new FiloError(ReconciliationErrors.BANK_FILE_MALFORMED, {
      message: 'A DOCTYPE is not allowed in camt.053',
    });
  }
  const valid = XMLValidator.validate(xml);
  if (valid !== true) {
    throw new FiloError(ReconciliationErrors.BANK_FILE_MALFORMED, {
      message: `Not well-formed XML (line ${valid.err.line}): ${valid.err.msg}`,
      details: { line: valid.err.line, column: valid.err.col },
    });
  }
  const root = rootNamespace(xml);
  if (root.name !== 'Document') {
    throw new FiloError(ReconciliationErrors.BANK_FILE_WRONG_NAMESPACE, {
      message: `The root element is ${root.name || 'missing'}, not Document`,
    });
  }
  const ns = root.namespace ?? '';
  const version = (CAMT_NAMESPACES as Record<string, CamtVersion>)[ns];
  if (!version) {
    if (/^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$/.test(ns)) {
      throw new FiloError(ReconciliationErrors.BANK_FILE_UNSUPPORTED_VERSION, { details: { namespace: ns } });
    }
    throw new FiloError(ReconciliationErrors.BANK_FILE_WRONG_NAMESPACE, {
      details: { namespace: ns.slice(0, 200) || null },
    });
  }
  let doc: unknown;
  try {
    doc = parser.parse(xml);
  } catch (cause) {
    throw new FiloError(ReconciliationErrors.BANK_FILE_MALFORMED, { cause });
  }
  const statement = path(doc, 'Document', 'BkToCstmrStmt');
  if (!obj(statement)) throw invalid('No BkToCstmrStmt element', {});
  const stmts = arr(path(statement, 'Stmt'));
  if (stmts.length === 0) throw invalid('No Stmt element', {});

  const entries: RawEntry[] = [];
  let skipped = 0;
  stmts.forEach((stmt, si) => {
    const acct = path(stmt, 'Acct');
    if (!obj(acct) || !obj(path(acct, 'Id')))
      throw invalid(`Statement ${si + 1}: no Acct/Id`, { statement: si + 1 });
    const accountIban = ibanOf(acct) ?? cleanText(text(path(acct, 'Id', 'Othr', 'Id')), 34);
    arr(path(stmt, 'Ntry')).forEach((ntry, ni) => {
      const where = `statement ${si + 1}, entry ${ni + 1}`;
      const loc = { statement: si + 1, entry: ni + 1 };
      const amount = amountOf(path(ntry, 'Amt'), where);
      const ind = text(path(ntry, 'CdtDbtInd'));
      if (ind !== 'CRDT' && ind !== 'DBIT') throw invalid(`${where}: CdtDbtInd must be CRDT or DBIT`, loc);
      const direction: Direction = ind === 'CRDT' ? 'credit' : 'debit';
      const stsNode = path(ntry, 'Sts');
      const status = text(stsNode) ?? text(path(stsNode, 'Cd')) ?? text(path(stsNode, 'Prtry'));
      if (!status) throw invalid(`${where}: no Sts`, loc);
      if (status !== 'BOOK') {
        skipped++;
        return;
      }
      const bookingDate = dateOf(path(ntry, 'BookgDt'));
      if (!bookingDate || !validDate(bookingDate)) {
        throw new FiloError(ReconciliationErrors.BANK_ENTRY_DATE_INVALID, {
          message: `${where}: no valid BookgDt`,
          details: loc,
        });
      }
      const valueDate = dateOf(path(ntry, 'ValDt'));
      const reversal = ['true', '1'].includes(text(path(ntry, 'RvslInd')) ?? '');
      const servicerRef = cleanText(text(path(ntry, 'AcctSvcrRef')), 35);
      const txs = arr(path(ntry, 'NtryDtls')).flatMap((d) => arr(path(d, 'TxDtls')));
      const facts = txs.map((tx, ti) => txFacts(tx, direction, `${where}, transaction ${ti + 1}`));
      const base = {
        direction,
        currency: amount.currency,
        bookingDate,
        valueDate: valueDate && validDate(valueDate) ? valueDate : null,
        accountIban,
        reversal,
      };
      const extra = cleanText(text(path(ntry, 'AddtlNtryInf')));
      if (facts.length > 1 && facts.every((f) => f.amount !== null)) {
        // A batch booking: one gift per transaction, which must add up to the entry.
        const sum = facts.reduce((s, f) => s + (f.amount?.minor ?? 0), 0);
        if (sum !== amount.minor || facts.some((f) => f.amount?.currency !== amount.currency)) {
          throw invalid(`${where}: the transactions do not add up to the entry amount`, loc);
        }
        facts.forEach((f, ti) => {
          entries.push({
            ...base,
            amountMinor: f.amount?.minor ?? 0,
            counterpartyName: f.name,
            counterpartyIban: f.iban,
            remittance: f.remittance ?? extra,
            reference: f.reference,
            servicerRef: f.servicerRef ?? servicerRef,
            splitIndex: f.servicerRef ? null : ti,
          });
        });
        return;
      }
      const one = facts.length === 1 ? facts[0] : undefined;
      entries.push({
        ...base,
        amountMinor: amount.minor,
        counterpartyName: one?.name ?? null,
        counterpartyIban: one?.iban ?? null,
        remittance:
          (facts.length > 1
            ? cleanText(facts.map((f) => f.remittance ?? '').join(' | '))
            : one?.remittance) ?? extra,
        reference: one?.reference ?? null,
        servicerRef: servicerRef ?? one?.servicerRef ?? null,
        splitIndex: null,
      });
    });
  });
  return { version, statements: stmts.length, entries, skipped };
}
