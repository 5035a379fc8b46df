import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { FiloError } from '../../core';
import { SepaErrors } from './errors';

// ISO 20022 pain.002 (CustomerPaymentStatusReport), versions 001.03 (the EPC's long-standing one, the
// answer to the pain.008.001.02 files Filo writes) and 001.10 (the 2019 rulebook's). The bank sends it
// after checking a direct-debit file, before settlement: the whole file (group), a payment information
// block or single transactions accepted or rejected, each rejection with an ISO reason code. Only what
// Filo acts on is read; anything malformed rejects the whole report, naming where.

export const PAIN002_NAMESPACES = {
  'urn:iso:std:iso:20022:tech:xsd:pain.002.001.03': 'pain.002.001.03',
  'urn:iso:std:iso:20022:tech:xsd:pain.002.001.10': 'pain.002.001.10',
} as const;
export type Pain002Version = (typeof PAIN002_NAMESPACES)[keyof typeof PAIN002_NAMESPACES];

/** A status as the report gives it; RJCT is the one that changes anything here. */
export interface ReportedStatus {
  readonly status: string | null;
  /** The first reason code (`Rsn/Cd`, else `Rsn/Prtry`), upper case; null when none is given. */
  readonly reason: string | null;
}

export interface StatusReport {
  readonly version: Pain002Version;
  readonly messageId: string;
  readonly createdAt: string | null;
  /** The MsgId of the pain.008 file this report answers. */
  readonly originalMessageId: string;
  readonly group: ReportedStatus;
  readonly paymentInfos: ReadonlyArray<ReportedStatus & { readonly paymentInfoId: string }>;
  readonly transactions: ReadonlyArray<
    ReportedStatus & { readonly endToEndId: string; readonly paymentInfoId: string | null }
  >;
}

/** A report is at most this large (a few thousand transactions). */
export const MAX_STATUS_REPORT_BYTES = 5 * 1024 * 1024;

const ARRAYS = new Set(['OrgnlPmtInfAndSts', 'TxInfAndSts', 'StsRsnInf', 'OrgnlGrpInfAndSts']);
const parser = new XMLParser({
  ignoreAttributes: true,
  removeNSPrefix: true,
  parseTagValue: false,
  trimValues: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

const obj = (v: unknown): Node | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
const list = (v: unknown): Node[] => (Array.isArray(v) ? v.map((x) => obj(x) ?? {}) : []);
const text = (v: unknown): string | undefined =>
  typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined;

function invalid(message: string, details: Record<string, unknown> = {}): FiloError {
  return new FiloError(SepaErrors.SEPA_STATUS_REPORT_INVALID, { message, details });
}

const ID = /^[A-Za-z0-9/\-?:().,'+ ]{1,35}$/;
const STATUS = /^[A-Z]{4}$/;
const REASON = /^[A-Za-z0-9]{1,35}$/;

function status(node: Node, field: string, where: string): ReportedStatus {
  const value = text(node[field]);
  if (value !== undefined && !STATUS.test(value))
    throw invalid(`${where}: ${field} is not a status code`, { where });
  let reason: string | null = null;
  for (const info of list(node.StsRsnInf)) {
    const rsn = obj(info.Rsn);
    const code = text(rsn?.Cd) ?? text(rsn?.Prtry);
    if (code === undefined) continue;
    if (!REASON.test(code)) throw invalid(`${where}: the reason code is malformed`, { where });
    reason = code.toUpperCase();
    break;
  }
  return { status: value ?? null, reason };
}

function id(value: unknown, what: string, where: string): string {
  const s = text(value);
  if (s === undefined || !ID.test(s)) throw invalid(`${where}: ${what} is missing or malformed`, { where });
  return s;
}

/** The namespace the Document element is in (the default one, or its prefix's), or undefined. */
function documentNamespace(xml: string): string | undefined {
  const root = /<(?:([A-Za-z_][\w.-]*):)?Document\b([^>]*)>/.exec(xml);
  if (!root) return undefined;
  const name = root[1] ? `xmlns:${root[1]}` : 'xmlns';
  for (const m of (root[2] ?? '').matchAll(/\s([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g))
    if (m[1] === name) return m[2] ?? m[3];
  return undefined;
}

/** Parses a pain.002 report; throws SEPA_STATUS_REPORT_INVALID (nothing read) on any problem. */
export function parsePain002(xml: string): StatusReport {
  if (Buffer.byteLength(xml, 'utf8') > MAX_STATUS_REPORT_BYTES)
    throw invalid('The report is larger than 5 MB');
  const body = xml.replace(/^\uFEFF/, '');
  const checked = XMLValidator.validate(body);
  if (checked !== true) throw invalid(`Not well-formed XML: ${checked.err.msg}`, { line: checked.err.line });
  const namespace = documentNamespace(body);
  const version = namespace ? PAIN002_NAMESPACES[namespace as keyof typeof PAIN002_NAMESPACES] : undefined;
  if (!version)
    throw invalid('Not a pain.002.001.03 or pain.002.001.10 status report', { namespace: namespace ?? null });
  const report = obj(obj(obj(parser.parse(body) as unknown)?.Document)?.CstmrPmtStsRpt);
  if (!report) throw invalid('No CstmrPmtStsRpt in the document');
  const header = obj(report.GrpHdr);
  if (!header) throw invalid('No group header (GrpHdr)');
  const messageId = id(header.MsgId, 'MsgId', 'GrpHdr');
  const groups = list(report.OrgnlGrpInfAndSts);
  if (groups.length !== 1) throw invalid('A report answers exactly one file (OrgnlGrpInfAndSts)');
  const group = groups[0]!;
  const originalMessageId = id(group.OrgnlMsgId, 'OrgnlMsgId', 'OrgnlGrpInfAndSts');
  const originalName = text(group.OrgnlMsgNmId) ?? '';
  if (!/^pain\.008\./.test(originalName))
    throw invalid('The report does not answer a direct-debit file (OrgnlMsgNmId pain.008…)', {
      originalMessageName: originalName || null,
    });
  const paymentInfos: Array<ReportedStatus & { paymentInfoId: string }> = [];
  const transactions: Array<ReportedStatus & { endToEndId: string; paymentInfoId: string | null }> = [];
  for (const [i, block] of list(report.OrgnlPmtInfAndSts).entries()) {
    const where = `OrgnlPmtInfAndSts ${i + 1}`;
    const paymentInfoId = id(block.OrgnlPmtInfId, 'OrgnlPmtInfId', where);
    paymentInfos.push({ paymentInfoId, ...status(block, 'PmtInfSts', where) });
    for (const [j, tx] of list(block.TxInfAndSts).entries()) {
      const txWhere = `${where}, TxInfAndSts ${j + 1}`;
      transactions.push({
        endToEndId: id(tx.OrgnlEndToEndId, 'OrgnlEndToEndId', txWhere),
        paymentInfoId,
        ...status(tx, 'TxSts', txWhere),
      });
    }
  }
  return {
    version,
    messageId,
    createdAt: text(header.CreDtTm) ?? null,
    originalMessageId,
    group: status(group, 'GrpSts', 'OrgnlGrpInfAndSts'),
    paymentInfos,
    transactions,
  };
}
