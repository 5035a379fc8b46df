import type { Block, DocumentModel } from './document';
import { formatDate, formatMoney, type Lang } from './format';
import { germanEuros, italianEuros } from './words';

// The documents: the Italian receipt for an erogazione liberale (art. 83 D.Lgs. 117/2017), the German
// Zuwendungsbestätigung (the official model for Geldzuwendungen, § 10b EStG / § 50 EStDV), the annual
// statement per donor (with what the money paid for) and the campaign report (rendiconto).

export type ReceiptFormat = 'it' | 'de';
export const RECEIPT_FORMATS: readonly ReceiptFormat[] = ['it', 'de'];
export type PaymentMethod = 'card' | 'bank-transfer' | 'direct-debit' | 'paypal' | 'cash' | 'other';
export const PAYMENT_METHODS: readonly PaymentMethod[] = [
  'card',
  'bank-transfer',
  'direct-debit',
  'paypal',
  'cash',
  'other',
];

/** The organisation's receipt settings: what the organisation profile does not hold. */
export interface ReceiptSettings {
  /** Which receipt to issue: by the organisation's country (IT → it, DE/AT → de), or forced. */
  readonly format: 'auto' | ReceiptFormat;
  /** IANA zone for the gift's date and year; empty: the country's. */
  readonly timeZone: string;
  readonly address: {
    readonly street: string;
    readonly postalCode: string;
    readonly city: string;
    readonly country: string;
  };
  /** Who signs: "Maria Rossi, legale rappresentante". */
  readonly signatory: string;
  readonly it: {
    /** "Ente del Terzo Settore — Organizzazione di volontariato (ODV)". */
    readonly qualification: string;
    /** "Iscritta al RUNTS, sezione a) ODV, n. repertorio 12345, dal 01/03/2023". */
    readonly runts: string;
  };
  readonly de: {
    /** Die steuerbegünstigten Zwecke: "Förderung der Jugendhilfe (§ 52 Abs. 2 Satz 1 Nr. 4 AO)". */
    readonly purposes: string;
    readonly taxOffice: string;
    readonly taxNumber: string;
    /** Freistellungsbescheid (or Anlage zum KSt-Bescheid), or a Feststellung nach § 60a AO. */
    readonly notice: 'freistellungsbescheid' | 'feststellung-60a';
    readonly noticeDate: string;
    /** For a Freistellungsbescheid: the last Veranlagungszeitraum, e.g. "2022". */
    readonly assessmentPeriod: string;
    /** Print the sentence that membership fees cannot be deducted (§ 10b Abs. 1 Satz 8 EStG bodies). */
    readonly membershipFeesNotDeductible: boolean;
    /** Issued by machine with the Finanzamt informed: no handwritten signature (R 10b.1 Abs. 4 EStR). */
    readonly machineSigned: boolean;
  };
}

export const DEFAULT_SETTINGS: ReceiptSettings = Object.freeze<ReceiptSettings>({
  format: 'auto',
  timeZone: '',
  address: { street: '', postalCode: '', city: '', country: '' },
  signatory: '',
  it: { qualification: '', runts: '' },
  de: {
    purposes: '',
    taxOffice: '',
    taxNumber: '',
    notice: 'freistellungsbescheid',
    noticeDate: '',
    assessmentPeriod: '',
    membershipFeesNotDeductible: false,
    machineSigned: false,
  },
});

/** The settings a format needs, by name; an empty one prints as "—" and is listed to the admin. */
export function missingSettings(s: ReceiptSettings, format: ReceiptFormat): string[] {
  const need: Array<[string, string]> = [
    ['address.street', s.address.street],
    ['address.postalCode', s.address.postalCode],
    ['address.city', s.address.city],
    ['signatory', s.signatory],
  ];
  if (format === 'it') need.push(['it.qualification', s.it.qualification], ['it.runts', s.it.runts]);
  else
    need.push(
      ['de.purposes', s.de.purposes],
      ['de.taxOffice', s.de.taxOffice],
      ['de.taxNumber', s.de.taxNumber],
      ['de.noticeDate', s.de.noticeDate],
      ...(s.de.notice === 'freistellungsbescheid'
        ? ([['de.assessmentPeriod', s.de.assessmentPeriod]] as Array<[string, string]>)
        : []),
    );
  return need.filter(([, v]) => !v.trim()).map(([k]) => k);
}

/** What a receipt states, frozen at issue (JSON in receipts.document). The donor is kept apart. */
export interface ReceiptDocument {
  readonly v: 1;
  readonly format: ReceiptFormat;
  readonly number: string;
  readonly issuedAt: string;
  readonly replaces: string | null;
  readonly organisation: {
    readonly name: string;
    readonly legalName: string;
    readonly taxId: string | null;
    readonly address: string;
    readonly city: string;
  };
  readonly settings: Pick<ReceiptSettings, 'signatory' | 'it' | 'de'>;
  readonly gift: {
    readonly amountMinor: number;
    readonly currency: string;
    readonly date: string;
    readonly method: PaymentMethod;
    readonly destination: string | null;
  };
  readonly trackUrl: string;
}

/** The donor as printed; null once erased. */
export interface DonorCopy {
  readonly name: string;
  readonly taxCode: string | null;
  readonly address: string | null;
}

export interface VoidInfo {
  readonly voidedAt: string;
  readonly reason: string;
  readonly replacedBy: string | null;
}

const dash = (v: string | null | undefined) => (v && v.trim() ? v.trim() : '—');

const IT_METHODS: Readonly<Record<PaymentMethod, string>> = {
  card: 'carta di pagamento (sistema tracciabile)',
  'bank-transfer': 'bonifico bancario (sistema tracciabile)',
  'direct-debit': 'addebito diretto SEPA (sistema tracciabile)',
  paypal: 'PayPal (sistema di pagamento tracciabile)',
  cash: 'contanti (non tracciabile)',
  other: 'altro sistema di pagamento',
};

export function italianReceipt(
  doc: ReceiptDocument,
  donor: DonorCopy | null,
  voided: VoidInfo | null,
): DocumentModel {
  const o = doc.organisation;
  const g = doc.gift;
  const blocks: Block[] = [
    { kind: 'title', text: 'Ricevuta per erogazione liberale' },
    {
      kind: 'subtitle',
      text: `N. ${doc.number} — ai sensi dell'art. 83 del D.Lgs. 3 luglio 2017, n. 117 (Codice del Terzo Settore)`,
    },
  ];
  if (voided)
    blocks.push({
      kind: 'notice',
      text: `RICEVUTA ANNULLATA il ${formatDate(voided.voidedAt, 'it')}: ${voided.reason === 'refund' ? "l'erogazione è stata rimborsata" : 'annullata dall’ente'}${voided.replacedBy ? `; sostituita dalla ricevuta n. ${voided.replacedBy}` : ''}. Non è valida ai fini fiscali.`,
    });
  if (doc.replaces)
    blocks.push({
      kind: 'paragraph',
      text: `Sostituisce la ricevuta n. ${doc.replaces}, annullata dopo un rimborso parziale.`,
    });
  blocks.push(
    { kind: 'heading', text: 'Ente beneficiario' },
    {
      kind: 'fields',
      rows: [
        ['Denominazione', o.legalName],
        ['Codice fiscale', dash(o.taxId)],
        ['Sede legale', dash(o.address)],
        ['Qualifica', dash(doc.settings.it.qualification)],
        ['Iscrizione al RUNTS', dash(doc.settings.it.runts)],
      ],
    },
    { kind: 'heading', text: 'Donatore' },
    {
      kind: 'fields',
      rows: donor
        ? [
            ['Nome e cognome / denominazione', donor.name],
            ['Codice fiscale', donor.taxCode ?? 'non comunicato'],
            ['Indirizzo', dash(donor.address)],
          ]
        : [['Dati del donatore', 'cancellati su richiesta dell’interessato (art. 17 GDPR)']],
    },
    { kind: 'heading', text: 'Erogazione liberale' },
    {
      kind: 'fields',
      rows: [
        ['Importo in cifre', formatMoney(g.amountMinor, g.currency, 'it')],
        [
          'Importo in lettere',
          g.currency === 'EUR' ? italianEuros(g.amountMinor) : `${g.amountMinor / 100} ${g.currency}`,
        ],
        ['Data dell’erogazione', formatDate(g.date, 'it')],
        ['Modalità di pagamento', IT_METHODS[g.method]],
        ...(g.destination ? ([['Destinazione', g.destination]] as Array<[string, string]>) : []),
        ['Numero progressivo', doc.number],
      ],
    },
    {
      kind: 'paragraph',
      text: `${o.legalName} dichiara di aver ricevuto la somma sopra indicata a titolo di erogazione liberale, senza alcun corrispettivo né controprestazione a favore del donatore, e di destinarla allo svolgimento delle attività di interesse generale previste dal proprio statuto, per il perseguimento di finalità civiche, solidaristiche e di utilità sociale.`,
    },
    {
      kind: 'paragraph',
      text: 'Benefici fiscali (art. 83 D.Lgs. 117/2017): le erogazioni liberali in denaro a favore degli enti del Terzo settore sono detraibili dall’imposta lorda nella misura del 30% (35% se a favore di organizzazioni di volontariato), per un importo complessivo non superiore a 30.000 euro per periodo d’imposta, oppure deducibili dal reddito complessivo netto nel limite del 10% del reddito dichiarato. Le agevolazioni spettano solo se il versamento è eseguito tramite banche, uffici postali o altri sistemi di pagamento tracciabili (art. 23 D.Lgs. 241/1997: carte di debito, di credito e prepagate, assegni, bonifici): le erogazioni in contanti non sono detraibili né deducibili.',
    },
  );
  if (g.method === 'cash')
    blocks.push({
      kind: 'notice',
      text: 'Erogazione in contanti: non dà diritto alla detrazione né alla deduzione previste dall’art. 83 del D.Lgs. 117/2017.',
    });
  blocks.push(
    { kind: 'paragraph', text: `Segui il tuo dono e ciò che ha pagato: ${doc.trackUrl}` },
    {
      kind: 'signature',
      left: `${dash(o.city)}, ${formatDate(doc.issuedAt, 'it')}`,
      right: `Per ${o.legalName}: ${dash(doc.settings.signatory)}`,
    },
  );
  return {
    title: `Ricevuta n. ${doc.number}`,
    language: 'it',
    footer: `${o.legalName} · C.F. ${dash(o.taxId)} · ricevuta n. ${doc.number} emessa il ${formatDate(doc.issuedAt, 'it')}`,
    createdAt: doc.issuedAt,
    blocks,
  };
}

export function germanReceipt(
  doc: ReceiptDocument,
  donor: DonorCopy | null,
  voided: VoidInfo | null,
): DocumentModel {
  const o = doc.organisation;
  const g = doc.gift;
  const de = doc.settings.de;
  const purposes = dash(de.purposes);
  const blocks: Block[] = [
    {
      kind: 'fields',
      rows: [
        [
          'Aussteller (Bezeichnung und Anschrift der steuerbegünstigten Einrichtung)',
          `${o.legalName}, ${dash(o.address)}`,
        ],
      ],
    },
    { kind: 'title', text: 'Bestätigung über Geldzuwendungen/Mitgliedsbeitrag' },
    {
      kind: 'subtitle',
      text: 'im Sinne des § 10b des Einkommensteuergesetzes an eine der in § 5 Abs. 1 Nr. 9 des Körperschaftsteuergesetzes bezeichneten Körperschaften, Personenvereinigungen oder Vermögensmassen',
    },
  ];
  if (voided)
    blocks.push({
      kind: 'notice',
      text: `STORNIERT am ${formatDate(voided.voidedAt, 'de')}: ${voided.reason === 'refund' ? 'die Zuwendung wurde erstattet' : 'vom Aussteller storniert'}${voided.replacedBy ? `; ersetzt durch Bestätigung Nr. ${voided.replacedBy}` : ''}. Diese Bestätigung ist ungültig.`,
    });
  if (doc.replaces)
    blocks.push({
      kind: 'paragraph',
      text: `Ersetzt die Bestätigung Nr. ${doc.replaces}, storniert nach einer Teilerstattung.`,
    });
  blocks.push(
    {
      kind: 'fields',
      rows: [
        [
          'Name und Anschrift des Zuwendenden',
          donor
            ? [donor.name, donor.address].filter(Boolean).join(', ') +
              (donor.taxCode ? ` (Steuer-ID ${donor.taxCode})` : '')
            : 'auf Wunsch der betroffenen Person gelöscht (Art. 17 DSGVO)',
        ],
        ['Betrag der Zuwendung – in Ziffern –', formatMoney(g.amountMinor, g.currency, 'de')],
        [
          '– in Buchstaben –',
          g.currency === 'EUR' ? germanEuros(g.amountMinor) : `${g.amountMinor / 100} ${g.currency}`,
        ],
        ['Tag der Zuwendung', formatDate(g.date, 'de')],
        ['Laufende Nummer', doc.number],
      ],
    },
    {
      kind: 'choice',
      label: 'Es handelt sich um den Verzicht auf Erstattung von Aufwendungen:',
      options: [
        { text: 'Ja', checked: false },
        { text: 'Nein', checked: true },
      ],
    },
    {
      kind: 'check',
      checked: de.notice === 'freistellungsbescheid',
      text: `Wir sind wegen Förderung ${purposes} nach dem Freistellungsbescheid bzw. nach der Anlage zum Körperschaftsteuerbescheid des Finanzamtes ${dash(de.taxOffice)}, StNr. ${dash(de.taxNumber)}, vom ${de.notice === 'freistellungsbescheid' ? dash(de.noticeDate) : '—'} für den letzten Veranlagungszeitraum ${de.notice === 'freistellungsbescheid' ? dash(de.assessmentPeriod) : '—'} nach § 5 Abs. 1 Nr. 9 des Körperschaftsteuergesetzes von der Körperschaftsteuer und nach § 3 Nr. 6 des Gewerbesteuergesetzes von der Gewerbesteuer befreit.`,
    },
    {
      kind: 'check',
      checked: de.notice === 'feststellung-60a',
      text: `Die Einhaltung der satzungsmäßigen Voraussetzungen nach den §§ 51, 59, 60 und 61 AO wurde vom Finanzamt ${de.notice === 'feststellung-60a' ? dash(de.taxOffice) : '—'}, StNr. ${de.notice === 'feststellung-60a' ? dash(de.taxNumber) : '—'}, mit Bescheid vom ${de.notice === 'feststellung-60a' ? dash(de.noticeDate) : '—'} nach § 60a AO gesondert festgestellt. Wir fördern nach unserer Satzung ${de.notice === 'feststellung-60a' ? purposes : '—'}.`,
    },
    {
      kind: 'paragraph',
      text: `Es wird bestätigt, dass die Zuwendung nur zur Förderung ${purposes} verwendet wird.`,
    },
  );
  if (de.membershipFeesNotDeductible)
    blocks.push({
      kind: 'paragraph',
      text: 'Es wird bestätigt, dass es sich nicht um einen Mitgliedsbeitrag handelt, dessen Abzug nach § 10b Abs. 1 des Einkommensteuergesetzes ausgeschlossen ist.',
    });
  blocks.push({
    kind: 'signature',
    left: `${dash(o.city)}, ${formatDate(doc.issuedAt, 'de')}`,
    right: de.machineSigned
      ? 'Diese Bestätigung wurde maschinell erstellt und ist ohne Unterschrift gültig.'
      : `(Unterschrift des Zuwendungsempfängers) ${dash(doc.settings.signatory)}`,
  });
  blocks.push({
    kind: 'paragraph',
    small: true,
    text: 'Hinweis: Wer vorsätzlich oder grob fahrlässig eine unrichtige Zuwendungsbestätigung erstellt oder veranlasst, dass Zuwendungen nicht zu den in der Zuwendungsbestätigung angegebenen steuerbegünstigten Zwecken verwendet werden, haftet für die entgangene Steuer (§ 10b Abs. 4 EStG, § 9 Abs. 3 KStG, § 9 Nr. 5 GewStG). Diese Bestätigung wird nicht als Nachweis für die steuerliche Berücksichtigung der Zuwendung anerkannt, wenn das Datum des Freistellungsbescheides länger als 5 Jahre bzw. das Datum der Feststellung der Einhaltung der satzungsmäßigen Voraussetzungen nach § 60a Abs. 1 AO länger als 3 Jahre seit Ausstellung des Bescheides zurückliegt (§ 63 Abs. 5 AO).',
  });
  if (g.currency === 'EUR' && g.amountMinor <= 30_000)
    blocks.push({
      kind: 'paragraph',
      small: true,
      text: 'Vereinfachter Zuwendungsnachweis: Für Zuwendungen bis 300 € genügt nach § 50 Abs. 4 Satz 1 Nr. 2 EStDV als Nachweis der Bareinzahlungsbeleg oder die Buchungsbestätigung eines Kreditinstituts (z. B. Kontoauszug) zusammen mit einem Beleg des Zuwendungsempfängers über den steuerbegünstigten Zweck, die Steuerbefreiung und die Angabe, ob es sich um eine Spende oder einen Mitgliedsbeitrag handelt — diese Angaben enthält diese Bestätigung.',
    });
  blocks.push({ kind: 'paragraph', small: true, text: `Was Ihre Zuwendung bezahlt hat: ${doc.trackUrl}` });
  return {
    title: `Zuwendungsbestätigung Nr. ${doc.number}`,
    language: 'de',
    footer: `${o.legalName} · Zuwendungsbestätigung Nr. ${doc.number} vom ${formatDate(doc.issuedAt, 'de')}`,
    createdAt: doc.issuedAt,
    blocks,
  };
}

export function receiptModel(
  doc: ReceiptDocument,
  donor: DonorCopy | null,
  voided: VoidInfo | null,
): DocumentModel {
  switch (doc.format) {
    case 'it':
      return italianReceipt(doc, donor, voided);
    case 'de':
      return germanReceipt(doc, donor, voided);
    default: {
      const never: never = doc.format;
      throw new Error(`unknown receipt format ${String(never)}`);
    }
  }
}

// ---- annual statement ---------------------------------------------------------------------------

export interface StatementData {
  readonly year: number;
  readonly language: Lang;
  readonly generatedAt: string;
  readonly organisation: {
    readonly legalName: string;
    readonly taxId: string | null;
    readonly address: string;
  };
  readonly donor: { readonly name: string; readonly address: string | null };
  readonly currency: string;
  readonly gifts: ReadonlyArray<{
    readonly date: string;
    readonly receipt: string | null;
    readonly destination: string;
    readonly amountMinor: number;
    readonly refundedMinor: number;
  }>;
  readonly spending: ReadonlyArray<{
    readonly date: string;
    readonly description: string;
    readonly amountMinor: number;
  }>;
  readonly feesMinor: number;
  readonly unspentMinor: number;
  readonly trackBase: string;
}

const STATEMENT_TEXT = {
  it: {
    title: (y: number) => `Riepilogo annuale delle donazioni ${y}`,
    sub: 'Le tue erogazioni liberali dell’anno e ciò che hanno pagato, dal registro pubblico e verificabile di Filo.',
    org: 'Ente',
    donor: 'Donatore',
    name: 'Nome',
    address: 'Indirizzo',
    gifts: 'Donazioni',
    cols: ['Data', 'Ricevuta n.', 'Destinazione', 'Importo', 'Rimborsato'],
    none: 'non emessa',
    total: 'Totale netto dei rimborsi',
    paid: 'Cosa hanno pagato i tuoi doni',
    paidCols: ['Data', 'Spesa', 'Dai tuoi doni'],
    nothing: 'Nessuna spesa è ancora stata pagata con i tuoi doni di quest’anno.',
    fees: 'Commissioni di pagamento',
    unspent: 'Non ancora speso (sarà speso per la destinazione scelta)',
    note: 'Questo riepilogo non sostituisce le ricevute: per la dichiarazione dei redditi valgono le ricevute numerate elencate sopra.',
    track: 'Ogni dono si segue su',
  },
  de: {
    title: (y: number) => `Jahresübersicht Ihrer Zuwendungen ${y}`,
    sub: 'Ihre Zuwendungen des Jahres und was damit bezahlt wurde, aus Filos öffentlichem, prüfbarem Register.',
    org: 'Empfänger',
    donor: 'Zuwendende Person',
    name: 'Name',
    address: 'Anschrift',
    gifts: 'Zuwendungen',
    cols: ['Datum', 'Bestätigung Nr.', 'Verwendungszweck', 'Betrag', 'Erstattet'],
    none: 'nicht ausgestellt',
    total: 'Summe abzüglich Erstattungen',
    paid: 'Was Ihre Zuwendungen bezahlt haben',
    paidCols: ['Datum', 'Ausgabe', 'Aus Ihren Zuwendungen'],
    nothing: 'Mit Ihren Zuwendungen dieses Jahres wurde noch keine Ausgabe bezahlt.',
    fees: 'Zahlungsgebühren',
    unspent: 'Noch nicht ausgegeben (wird für den gewählten Zweck verwendet)',
    note: 'Diese Übersicht ist keine Zuwendungsbestätigung: für das Finanzamt gelten die oben genannten nummerierten Bestätigungen.',
    track: 'Jede Zuwendung verfolgen unter',
  },
  en: {
    title: (y: number) => `Annual giving statement ${y}`,
    sub: 'Your gifts of the year and what they paid for, from Filo’s public, verifiable ledger.',
    org: 'Organisation',
    donor: 'Donor',
    name: 'Name',
    address: 'Address',
    gifts: 'Gifts',
    cols: ['Date', 'Receipt no.', 'Designation', 'Amount', 'Refunded'],
    none: 'not issued',
    total: 'Total net of refunds',
    paid: 'What your gifts paid for',
    paidCols: ['Date', 'Expense', 'From your gifts'],
    nothing: 'No expense has been paid from this year’s gifts yet.',
    fees: 'Payment fees',
    unspent: 'Not yet spent (it will be spent as you chose)',
    note: 'This statement does not replace your receipts: for tax purposes the numbered receipts above apply.',
    track: 'Follow each gift at',
  },
} as const;

export function statementModel(s: StatementData): DocumentModel {
  const t = STATEMENT_TEXT[s.language];
  const m = (v: number) => formatMoney(v, s.currency, s.language);
  const total = s.gifts.reduce((sum, g) => sum + g.amountMinor - g.refundedMinor, 0);
  const spent = s.spending.reduce((sum, e) => sum + e.amountMinor, 0);
  const blocks: Block[] = [
    { kind: 'title', text: t.title(s.year) },
    { kind: 'subtitle', text: t.sub },
    {
      kind: 'fields',
      rows: [
        [
          t.org,
          `${s.organisation.legalName}${s.organisation.taxId ? ` (${s.organisation.taxId})` : ''}, ${dash(s.organisation.address)}`,
        ],
        [t.donor, s.donor.name],
        [t.address, dash(s.donor.address)],
      ],
    },
    { kind: 'heading', text: t.gifts },
    {
      kind: 'table',
      columns: [
        { title: t.cols[0], width: 14 },
        { title: t.cols[1], width: 16 },
        { title: t.cols[2], width: 38 },
        { title: t.cols[3], width: 16, right: true },
        { title: t.cols[4], width: 16, right: true },
      ],
      rows: s.gifts.map((g) => [
        formatDate(g.date, s.language),
        g.receipt ?? t.none,
        g.destination,
        m(g.amountMinor),
        g.refundedMinor ? m(g.refundedMinor) : '',
      ]),
      total: [t.total, '', '', m(total), ''],
    },
    { kind: 'heading', text: t.paid },
  ];
  if (s.spending.length === 0) blocks.push({ kind: 'paragraph', text: t.nothing });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: t.paidCols[0], width: 16 },
        { title: t.paidCols[1], width: 60 },
        { title: t.paidCols[2], width: 24, right: true },
      ],
      rows: s.spending.map((e) => [formatDate(e.date, s.language), e.description, m(e.amountMinor)]),
      total: ['', '', m(spent)],
    });
  blocks.push(
    {
      kind: 'fields',
      rows: [
        [t.fees, m(s.feesMinor)],
        [t.unspent, m(s.unspentMinor)],
      ],
    },
    { kind: 'paragraph', small: true, text: t.note },
    { kind: 'paragraph', small: true, text: `${t.track} ${s.trackBase}/track/…` },
  );
  return {
    title: t.title(s.year),
    language: s.language,
    footer: `${s.organisation.legalName} · ${t.title(s.year)}`,
    createdAt: s.generatedAt,
    blocks,
  };
}

// ---- campaign report (rendiconto) ---------------------------------------------------------------

export interface CampaignReport {
  readonly campaign: { readonly id: string; readonly name: string };
  readonly currency: string;
  readonly generatedAt: string;
  readonly income: {
    readonly count: number;
    readonly grossMinor: number;
    readonly feesMinor: number;
    readonly netMinor: number;
    readonly refundsCount: number;
    readonly refundsMinor: number;
  };
  readonly costs: ReadonlyArray<{
    readonly expenseId: string;
    readonly date: string;
    readonly description: string;
    readonly category: string;
    readonly amountMinor: number;
  }>;
  readonly costsMinor: number;
  readonly unspentMinor: number;
}

const REPORT_TEXT = {
  it: {
    title: (n: string) => `Rendiconto della campagna «${n}»`,
    sub: 'Entrate e uscite della raccolta fondi, dal registro contabile di Filo (partita doppia, registro pubblico verificabile).',
    income: 'Entrate',
    rows: [
      'Donazioni ricevute (numero)',
      'Importo lordo',
      'Commissioni di pagamento',
      'Importo netto',
      'Rimborsi (numero)',
      'Rimborsi',
      'Netto dopo i rimborsi',
    ],
    costs: 'Uscite finanziate con i fondi della campagna',
    cols: ['Data', 'Descrizione', 'Categoria', 'Importo'],
    none: 'Nessuna spesa ancora finanziata con i fondi della campagna.',
    total: 'Totale uscite',
    balance: 'Fondi non ancora spesi',
    generated: 'Generato il',
  },
  de: {
    title: (n: string) => `Rechenschaftsbericht der Kampagne „${n}“`,
    sub: 'Einnahmen und Ausgaben der Spendenkampagne, aus Filos Buchhaltung (doppelte Buchführung, öffentliches prüfbares Register).',
    income: 'Einnahmen',
    rows: [
      'Zuwendungen (Anzahl)',
      'Bruttobetrag',
      'Zahlungsgebühren',
      'Nettobetrag',
      'Erstattungen (Anzahl)',
      'Erstattungen',
      'Netto nach Erstattungen',
    ],
    costs: 'Aus Mitteln der Kampagne bezahlte Ausgaben',
    cols: ['Datum', 'Beschreibung', 'Kategorie', 'Betrag'],
    none: 'Noch keine Ausgabe aus Mitteln der Kampagne bezahlt.',
    total: 'Summe der Ausgaben',
    balance: 'Noch nicht ausgegebene Mittel',
    generated: 'Erstellt am',
  },
  en: {
    title: (n: string) => `Campaign report: “${n}”`,
    sub: 'Income and costs of the fundraising campaign, from Filo’s books (double entry, public verifiable log).',
    income: 'Income',
    rows: [
      'Gifts received (count)',
      'Gross amount',
      'Payment fees',
      'Net amount',
      'Refunds (count)',
      'Refunds',
      'Net after refunds',
    ],
    costs: 'Costs paid from the campaign’s money',
    cols: ['Date', 'Description', 'Category', 'Amount'],
    none: 'No cost has been paid from the campaign’s money yet.',
    total: 'Total costs',
    balance: 'Funds not yet spent',
    generated: 'Generated on',
  },
} as const;

export function campaignReportModel(r: CampaignReport, organisation: string, language: Lang): DocumentModel {
  const t = REPORT_TEXT[language];
  const m = (v: number) => formatMoney(v, r.currency, language);
  const i = r.income;
  const blocks: Block[] = [
    { kind: 'title', text: t.title(r.campaign.name) },
    { kind: 'subtitle', text: `${organisation} — ${t.sub}` },
    { kind: 'heading', text: t.income },
    {
      kind: 'fields',
      rows: [
        [t.rows[0], String(i.count)],
        [t.rows[1], m(i.grossMinor)],
        [t.rows[2], m(-i.feesMinor)],
        [t.rows[3], m(i.netMinor)],
        [t.rows[4], String(i.refundsCount)],
        [t.rows[5], m(-i.refundsMinor)],
        [t.rows[6], m(i.netMinor - i.refundsMinor)],
      ],
    },
    { kind: 'heading', text: t.costs },
  ];
  if (r.costs.length === 0) blocks.push({ kind: 'paragraph', text: t.none });
  else
    blocks.push({
      kind: 'table',
      columns: [
        { title: t.cols[0], width: 15 },
        { title: t.cols[1], width: 50 },
        { title: t.cols[2], width: 15 },
        { title: t.cols[3], width: 20, right: true },
      ],
      rows: r.costs.map((c) => [formatDate(c.date, language), c.description, c.category, m(c.amountMinor)]),
      total: [t.total, '', '', m(r.costsMinor)],
    });
  blocks.push({ kind: 'fields', rows: [[t.balance, m(r.unspentMinor)]] });
  return {
    title: t.title(r.campaign.name),
    language,
    footer: `${organisation} · ${t.title(r.campaign.name)} · ${t.generated} ${formatDate(r.generatedAt, language)}`,
    createdAt: r.generatedAt,
    blocks,
  };
}
