import { sepaText } from './sepa-text';

// The collection file: an ISO 20022 pain.008.001.02 CustomerDirectDebitInitiation as the EPC's SEPA
// Core implementation guidelines shape it. One group header (message id, creation time, number of
// transactions, control sum, initiating party), then one payment information block per sequence type
// and due date — first collections (FRST) before recurring ones (RCUR) — each with the creditor, its
// account, its creditor identifier, and one direct debit per mandate. Pure: the same input always
// gives the same bytes, so a file can be rebuilt and compared at any time.

export const PAIN008_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:pain.008.001.02';

export type SequenceType = 'FRST' | 'RCUR';

export interface PostalAddress {
  readonly street: string;
  readonly postcode: string;
  readonly town: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
}

export interface Pain008Creditor {
  readonly name: string;
  readonly id: string;
  readonly iban: string;
  readonly bic: string | null;
}

export interface Pain008Transaction {
  readonly endToEndId: string;
  readonly amountMinor: number;
  readonly mandateReference: string;
  /** YYYY-MM-DD */
  readonly mandateSignedOn: string;
  readonly debtorName: string;
  readonly debtorIban: string;
  readonly debtorBic: string | null;
  readonly debtorAddress: PostalAddress | null;
  readonly remittance: string;
}

export interface Pain008Group {
  readonly paymentInfoId: string;
  readonly sequence: SequenceType;
  /** ReqdColltnDt, YYYY-MM-DD. */
  readonly dueOn: string;
  readonly transactions: readonly Pain008Transaction[];
}

export interface Pain008Input {
  readonly messageId: string;
  /** CreDtTm, written in UTC to the second. */
  readonly createdAt: string;
  readonly creditor: Pain008Creditor;
  readonly groups: readonly Pain008Group[];
}

function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** Minor units as the file's decimal amount: 1234 → "12.34". */
export function decimalAmount(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0)
    throw new RangeError('amount must be a non-negative integer');
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

function sum(transactions: readonly Pain008Transaction[]): number {
  return transactions.reduce((s, t) => s + t.amountMinor, 0);
}

class Writer {
  readonly #lines: string[] = [];
  #depth = 0;
  open(tag: string, attrs = ''): this {
    this.#lines.push(`${'  '.repeat(this.#depth)}<${tag}${attrs}>`);
    this.#depth += 1;
    return this;
  }
  close(tag: string): this {
    this.#depth -= 1;
    this.#lines.push(`${'  '.repeat(this.#depth)}</${tag}>`);
    return this;
  }
  leaf(tag: string, text: string, attrs = ''): this {
    this.#lines.push(`${'  '.repeat(this.#depth)}<${tag}${attrs}>${escape(text)}</${tag}>`);
    return this;
  }
  toString(): string {
    return `${this.#lines.join('\n')}\n`;
  }
}

function agent(w: Writer, tag: string, bic: string | null): void {
  w.open(tag).open('FinInstnId');
  // IBAN-only: without a BIC the agent is 'NOTPROVIDED' (allowed for debtors in the EEA).
  if (bic) w.leaf('BIC', bic);
  else w.open('Othr').leaf('Id', 'NOTPROVIDED').close('Othr');
  w.close('FinInstnId').close(tag);
}

export function buildPain008(input: Pain008Input): string {
  const all = input.groups.flatMap((g) => g.transactions);
  const creditorName = sepaText(input.creditor.name, 70);
  const w = new Writer();
  w.open('Document', ` xmlns="${PAIN008_NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"`);
  w.open('CstmrDrctDbtInitn');
  w.open('GrpHdr')
    .leaf('MsgId', input.messageId)
    .leaf('CreDtTm', new Date(input.createdAt).toISOString().slice(0, 19))
    .leaf('NbOfTxs', String(all.length))
    .leaf('CtrlSum', decimalAmount(sum(all)))
    .open('InitgPty')
    .leaf('Nm', creditorName)
    .close('InitgPty')
    .close('GrpHdr');
  for (const g of input.groups) {
    w.open('PmtInf')
      .leaf('PmtInfId', g.paymentInfoId)
      .leaf('PmtMtd', 'DD')
      .leaf('BtchBookg', 'true')
      .leaf('NbOfTxs', String(g.transactions.length))
      .leaf('CtrlSum', decimalAmount(sum(g.transactions)))
      .open('PmtTpInf')
      .open('SvcLvl')
      .leaf('Cd', 'SEPA')
      .close('SvcLvl')
      .open('LclInstrm')
      .leaf('Cd', 'CORE')
      .close('LclInstrm')
      .leaf('SeqTp', g.sequence)
      .close('PmtTpInf')
      .leaf('ReqdColltnDt', g.dueOn)
      .open('Cdtr')
      .leaf('Nm', creditorName)
      .close('Cdtr')
      .open('CdtrAcct')
      .open('Id')
      .leaf('IBAN', input.creditor.iban)
      .close('Id')
      .close('CdtrAcct');
    agent(w, 'CdtrAgt', input.creditor.bic);
    w.leaf('ChrgBr', 'SLEV')
      .open('CdtrSchmeId')
      .open('Id')
      .open('PrvtId')
      .open('Othr')
      .leaf('Id', input.creditor.id)
      .open('SchmeNm')
      .leaf('Prtry', 'SEPA')
      .close('SchmeNm')
      .close('Othr')
      .close('PrvtId')
      .close('Id')
      .close('CdtrSchmeId');
    for (const t of g.transactions) {
      w.open('DrctDbtTxInf')
        .open('PmtId')
        .leaf('EndToEndId', t.endToEndId)
        .close('PmtId')
        .leaf('InstdAmt', decimalAmount(t.amountMinor), ' Ccy="EUR"')
        .open('DrctDbtTx')
        .open('MndtRltdInf')
        .leaf('MndtId', t.mandateReference)
        .leaf('DtOfSgntr', t.mandateSignedOn)
        .leaf('AmdmntInd', 'false')
        .close('MndtRltdInf')
        .close('DrctDbtTx');
      agent(w, 'DbtrAgt', t.debtorBic);
      w.open('Dbtr').leaf('Nm', sepaText(t.debtorName, 70));
      if (t.debtorAddress) {
        const a = t.debtorAddress;
        w.open('PstlAdr').leaf('Ctry', a.country).leaf('AdrLine', sepaText(a.street, 70));
        const town = sepaText(`${a.postcode} ${a.town}`, 70);
        if (town) w.leaf('AdrLine', town);
        w.close('PstlAdr');
      }
      w.close('Dbtr')
        .open('DbtrAcct')
        .open('Id')
        .leaf('IBAN', t.debtorIban)
        .close('Id')
        .close('DbtrAcct')
        .open('RmtInf')
        .leaf('Ustrd', sepaText(t.remittance, 140))
        .close('RmtInf')
        .close('DrctDbtTxInf');
    }
    w.close('PmtInf');
  }
  w.close('CstmrDrctDbtInitn').close('Document');
  return `<?xml version="1.0" encoding="UTF-8"?>\n${w.toString()}`;
}
