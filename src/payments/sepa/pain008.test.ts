import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { buildPain008, decimalAmount, type Pain008Input } from './pain008';

// The collection file pinned byte for byte: a pain.008.001.02 with the group header's count and
// control sum, a FRST block before a RCUR block, IBAN-only agents as NOTPROVIDED, a non-EEA debtor
// with BIC and address, names in the SEPA character set.

const INPUT: Pain008Input = {
  messageId: 'FILO-20260301-7K2Q9XQ4',
  createdAt: '2026-03-01T09:30:15.123Z',
  creditor: {
    name: 'Associazione Filo Solidale ETS',
    id: 'IT91ZZZ91234560375',
    iban: 'IT60X0542811101000000123456',
    bic: null,
  },
  groups: [
    {
      paymentInfoId: 'FILO-20260301-7K2Q9XQ4-1',
      sequence: 'FRST',
      dueOn: '2026-03-16',
      transactions: [
        {
          endToEndId: 'FILO-E-202603-AAAAAAAAAA',
          amountMinor: 500,
          mandateReference: 'FILO-M-0000000000AA',
          mandateSignedOn: '2026-02-20',
          debtorName: 'Jürgen Müller',
          debtorIban: 'DE89370400440532013000',
          debtorBic: null,
          debtorAddress: null,
          remittance: 'Monatliche Spende - 2026-03 - Un pasto per tutti',
        },
      ],
    },
    {
      paymentInfoId: 'FILO-20260301-7K2Q9XQ4-2',
      sequence: 'RCUR',
      dueOn: '2026-03-16',
      transactions: [
        {
          endToEndId: 'FILO-E-202603-BBBBBBBBBB',
          amountMinor: 1000,
          mandateReference: 'FILO-M-0000000000BB',
          mandateSignedOn: '2025-11-03',
          debtorName: "Lucìa D'Angelo",
          debtorIban: 'IT60X0542811101000000123456',
          debtorBic: null,
          debtorAddress: null,
          remittance: 'Dono mensile - 2026-03',
        },
        {
          endToEndId: 'FILO-E-202603-CCCCCCCCCC',
          amountMinor: 2050,
          mandateReference: 'FILO-M-0000000000CC',
          mandateSignedOn: '2025-12-01',
          debtorName: 'Jane Smith & Co',
          debtorIban: 'GB82WEST12345698765432',
          debtorBic: 'WESTGB22',
          debtorAddress: { street: '1 High Street', postcode: 'SW1A 1AA', town: 'London', country: 'GB' },
          remittance: 'Monthly gift - 2026-03',
        },
      ],
    },
  ],
};

const EXPECTED = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <CstmrDrctDbtInitn>
    <GrpHdr>
      <MsgId>FILO-20260301-7K2Q9XQ4</MsgId>
      <CreDtTm>2026-03-01T09:30:15</CreDtTm>
      <NbOfTxs>3</NbOfTxs>
      <CtrlSum>35.50</CtrlSum>
      <InitgPty>
        <Nm>Associazione Filo Solidale ETS</Nm>
      </InitgPty>
    </GrpHdr>
    <PmtInf>
      <PmtInfId>FILO-20260301-7K2Q9XQ4-1</PmtInfId>
      <PmtMtd>DD</PmtMtd>
      <BtchBookg>true</BtchBookg>
      <NbOfTxs>1</NbOfTxs>
      <CtrlSum>5.00</CtrlSum>
      <PmtTpInf>
        <SvcLvl>
          <Cd>SEPA</Cd>
        </SvcLvl>
        <LclInstrm>
          <Cd>CORE</Cd>
        </LclInstrm>
        <SeqTp>FRST</SeqTp>
      </PmtTpInf>
      <ReqdColltnDt>2026-03-16</ReqdColltnDt>
      <Cdtr>
        <Nm>Associazione Filo Solidale ETS</Nm>
      </Cdtr>
      <CdtrAcct>
        <Id>
          <IBAN>IT60X0542811101000000123456</IBAN>
        </Id>
      </CdtrAcct>
      <CdtrAgt>
        <FinInstnId>
          <Othr>
            <Id>NOTPROVIDED</Id>
          </Othr>
        </FinInstnId>
      </CdtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      <CdtrSchmeId>
        <Id>
          <PrvtId>
            <Othr>
              <Id>IT91ZZZ91234560375</Id>
              <SchmeNm>
                <Prtry>SEPA</Prtry>
              </SchmeNm>
            </Othr>
          </PrvtId>
        </Id>
      </CdtrSchmeId>
      <DrctDbtTxInf>
        <PmtId>
          <EndToEndId>FILO-E-202603-AAAAAAAAAA</EndToEndId>
        </PmtId>
        <InstdAmt Ccy="EUR">5.00</InstdAmt>
        <DrctDbtTx>
          <MndtRltdInf>
            <MndtId>FILO-M-0000000000AA</MndtId>
            <DtOfSgntr>2026-02-20</DtOfSgntr>
            <AmdmntInd>false</AmdmntInd>
          </MndtRltdInf>
        </DrctDbtTx>
        <DbtrAgt>
          <FinInstnId>
            <Othr>
              <Id>NOTPROVIDED</Id>
            </Othr>
          </FinInstnId>
        </DbtrAgt>
        <Dbtr>
          <Nm>Juergen Mueller</Nm>
        </Dbtr>
        <DbtrAcct>
          <Id>
            <IBAN>DE89370400440532013000</IBAN>
          </Id>
        </DbtrAcct>
        <RmtInf>
          <Ustrd>Monatliche Spende - 2026-03 - Un pasto per tutti</Ustrd>
        </RmtInf>
      </DrctDbtTxInf>
    </PmtInf>
    <PmtInf>
      <PmtInfId>FILO-20260301-7K2Q9XQ4-2</PmtInfId>
      <PmtMtd>DD</PmtMtd>
      <BtchBookg>true</BtchBookg>
      <NbOfTxs>2</NbOfTxs>
      <CtrlSum>30.50</CtrlSum>
      <PmtTpInf>
        <SvcLvl>
          <Cd>SEPA</Cd>
        </SvcLvl>
        <LclInstrm>
          <Cd>CORE</Cd>
        </LclInstrm>
        <SeqTp>RCUR</SeqTp>
      </PmtTpInf>
      <ReqdColltnDt>2026-03-16</ReqdColltnDt>
      <Cdtr>
        <Nm>Associazione Filo Solidale ETS</Nm>
      </Cdtr>
      <CdtrAcct>
        <Id>
          <IBAN>IT60X0542811101000000123456</IBAN>
        </Id>
      </CdtrAcct>
      <CdtrAgt>
        <FinInstnId>
          <Othr>
            <Id>NOTPROVIDED</Id>
          </Othr>
        </FinInstnId>
      </CdtrAgt>
      <ChrgBr>SLEV</ChrgBr>
      <CdtrSchmeId>
        <Id>
          <PrvtId>
            <Othr>
              <Id>IT91ZZZ91234560375</Id>
              <SchmeNm>
                <Prtry>SEPA</Prtry>
              </SchmeNm>
            </Othr>
          </PrvtId>
        </Id>
      </CdtrSchmeId>
      <DrctDbtTxInf>
        <PmtId>
          <EndToEndId>FILO-E-202603-BBBBBBBBBB</EndToEndId>
        </PmtId>
        <InstdAmt Ccy="EUR">10.00</InstdAmt>
        <DrctDbtTx>
          <MndtRltdInf>
            <MndtId>FILO-M-0000000000BB</MndtId>
            <DtOfSgntr>2025-11-03</DtOfSgntr>
            <AmdmntInd>false</AmdmntInd>
          </MndtRltdInf>
        </DrctDbtTx>
        <DbtrAgt>
          <FinInstnId>
            <Othr>
              <Id>NOTPROVIDED</Id>
            </Othr>
          </FinInstnId>
        </DbtrAgt>
        <Dbtr>
          <Nm>Lucia D&apos;Angelo</Nm>
        </Dbtr>
        <DbtrAcct>
          <Id>
            <IBAN>IT60X0542811101000000123456</IBAN>
          </Id>
        </DbtrAcct>
        <RmtInf>
          <Ustrd>Dono mensile - 2026-03</Ustrd>
        </RmtInf>
      </DrctDbtTxInf>
      <DrctDbtTxInf>
        <PmtId>
          <EndToEndId>FILO-E-202603-CCCCCCCCCC</EndToEndId>
        </PmtId>
        <InstdAmt Ccy="EUR">20.50</InstdAmt>
        <DrctDbtTx>
          <MndtRltdInf>
            <MndtId>FILO-M-0000000000CC</MndtId>
            <DtOfSgntr>2025-12-01</DtOfSgntr>
            <AmdmntInd>false</AmdmntInd>
          </MndtRltdInf>
        </DrctDbtTx>
        <DbtrAgt>
          <FinInstnId>
            <BIC>WESTGB22</BIC>
          </FinInstnId>
        </DbtrAgt>
        <Dbtr>
          <Nm>Jane Smith + Co</Nm>
          <PstlAdr>
            <Ctry>GB</Ctry>
            <AdrLine>1 High Street</AdrLine>
            <AdrLine>SW1A 1AA London</AdrLine>
          </PstlAdr>
        </Dbtr>
        <DbtrAcct>
          <Id>
            <IBAN>GB82WEST12345698765432</IBAN>
          </Id>
        </DbtrAcct>
        <RmtInf>
          <Ustrd>Monthly gift - 2026-03</Ustrd>
        </RmtInf>
      </DrctDbtTxInf>
    </PmtInf>
  </CstmrDrctDbtInitn>
</Document>
`;

describe('pain.008.001.02', () => {
  it('is exactly the pinned file', () => {
    expect(buildPain008(INPUT)).toBe(EXPECTED);
  });

  it('is well-formed XML whose counts and control sums add up, FRST before RCUR', () => {
    const xml = buildPain008(INPUT);
    expect(XMLValidator.validate(xml)).toBe(true);
    const doc = new XMLParser({
      ignoreAttributes: false,
      parseTagValue: false,
      isArray: (n) => ['PmtInf', 'DrctDbtTxInf'].includes(n),
    }).parse(xml);
    const root = doc.Document.CstmrDrctDbtInitn;
    const blocks = root.PmtInf as Array<{
      NbOfTxs: string;
      CtrlSum: string;
      PmtTpInf: { SeqTp: string };
      DrctDbtTxInf: Array<{ InstdAmt: { '#text': string; '@_Ccy': string } }>;
    }>;
    expect(blocks.map((b) => b.PmtTpInf.SeqTp)).toEqual(['FRST', 'RCUR']);
    let count = 0;
    let cents = 0;
    for (const b of blocks) {
      const amounts = b.DrctDbtTxInf.map((t) => Math.round(Number(t.InstdAmt['#text']) * 100));
      expect(b.DrctDbtTxInf.every((t) => t.InstdAmt['@_Ccy'] === 'EUR')).toBe(true);
      expect(Number(b.NbOfTxs)).toBe(amounts.length);
      expect(b.CtrlSum).toBe(decimalAmount(amounts.reduce((s, a) => s + a, 0)));
      count += amounts.length;
      cents += amounts.reduce((s, a) => s + a, 0);
    }
    expect(root.GrpHdr.NbOfTxs).toBe(String(count));
    expect(root.GrpHdr.CtrlSum).toBe(decimalAmount(cents));
    expect(doc.Document['@_xmlns']).toBe('urn:iso:std:iso:20022:tech:xsd:pain.008.001.02');
  });

  it('writes amounts with two decimals', () => {
    expect(decimalAmount(0)).toBe('0.00');
    expect(decimalAmount(5)).toBe('0.05');
    expect(decimalAmount(123456)).toBe('1234.56');
    expect(() => decimalAmount(1.5)).toThrow(RangeError);
  });
});
