// The mandate's wording. Its middle paragraph is the standard text the EPC SEPA Core rulebook asks
// every mandate to carry (in the Italian and German forms banks and creditors use); the first names
// the creditor and its identifier, the last agrees the pre-notification period. The text is filled in
// with the creditor and the period, shown to the donor, sent back by version, and stored exactly as
// shown. A new wording is a new version; old versions stay so that every signed mandate can be shown.

export const MANDATE_TEXT_VERSION = 'sepa-core-2026-03';

export type MandateLanguage = 'it' | 'en' | 'de';

type Wording = Readonly<Record<MandateLanguage, string>>;

const TEXTS: Readonly<Record<string, Wording>> = Object.freeze({
  'sepa-core-2026-03': {
    it: [
      'Mandato per addebito diretto SEPA (SEPA Core, pagamenti ricorrenti). Creditore: {creditorName}, codice identificativo del creditore {creditorId}. Il riferimento del mandato ti viene comunicato nella pagina successiva.',
      "La sottoscrizione del presente mandato comporta (A) l'autorizzazione a {creditorName} a richiedere alla banca del debitore l'addebito del suo conto e (B) l'autorizzazione alla banca del debitore di procedere a tale addebito conformemente alle disposizioni impartite da {creditorName}. Il debitore ha diritto di essere rimborsato dalla propria banca secondo gli accordi ed alle condizioni che regolano il rapporto con quest'ultima. Se del caso, il rimborso deve essere richiesto nel termine di 8 settimane a decorrere dalla data di addebito in conto. I diritti del sottoscrittore del presente mandato sono indicati nella documentazione ottenibile dalla propria banca.",
      '{creditorName} ti comunica importo e data di ogni addebito almeno {days} giorni di calendario prima; per questo dono mensile la conferma che segue vale come preavviso: lo stesso importo nel giorno scelto di ogni mese, finché non lo modifichi, sospendi o revochi.',
    ].join('\n\n'),
    en: [
      'SEPA Direct Debit Mandate (SEPA Core, recurrent payments). Creditor: {creditorName}, creditor identifier {creditorId}. The mandate reference is shown on the next page.',
      'By signing this mandate form, you authorise (A) {creditorName} to send instructions to your bank to debit your account and (B) your bank to debit your account in accordance with the instructions from {creditorName}. As part of your rights, you are entitled to a refund from your bank under the terms and conditions of your agreement with your bank. A refund must be claimed within 8 weeks starting from the date on which your account was debited. Your rights are explained in a statement that you can obtain from your bank.',
      '{creditorName} tells you the amount and date of each collection at least {days} calendar days in advance; for this monthly gift, the confirmation that follows is that notice: the same amount on the chosen day of each month, until you change, pause or stop it.',
    ].join('\n\n'),
    de: [
      'SEPA-Lastschriftmandat (SEPA-Basislastschrift, wiederkehrende Zahlungen). Zahlungsempfänger: {creditorName}, Gläubiger-Identifikationsnummer {creditorId}. Die Mandatsreferenz steht auf der nächsten Seite.',
      'Ich ermächtige {creditorName}, Zahlungen von meinem Konto mittels Lastschrift einzuziehen. Zugleich weise ich mein Kreditinstitut an, die von {creditorName} auf mein Konto gezogenen Lastschriften einzulösen. Hinweis: Ich kann innerhalb von acht Wochen, beginnend mit dem Belastungsdatum, die Erstattung des belasteten Betrages verlangen. Es gelten dabei die mit meinem Kreditinstitut vereinbarten Bedingungen.',
      '{creditorName} kündigt Betrag und Datum jeder Lastschrift mindestens {days} Kalendertage vorher an; für diese monatliche Spende gilt die folgende Bestätigung als Vorabankündigung: derselbe Betrag am gewählten Tag jedes Monats, bis du ihn änderst, pausierst oder beendest.',
    ].join('\n\n'),
  },
});

/** Italian, English or German; other languages read the English text. */
export function mandateLanguage(language: string): MandateLanguage {
  return language === 'it' || language === 'de' ? language : 'en';
}

export function isMandateTextVersion(version: string): boolean {
  return Object.hasOwn(TEXTS, version);
}

/** The wording of a version in a language, filled in; undefined for an unknown version. */
export function mandateText(
  version: string,
  language: string,
  values: { readonly creditorName: string; readonly creditorId: string; readonly days: number },
): string | undefined {
  const wording = TEXTS[version]?.[mandateLanguage(language)];
  if (wording === undefined) return undefined;
  return wording
    .replaceAll('{creditorName}', values.creditorName)
    .replaceAll('{creditorId}', values.creditorId)
    .replaceAll('{days}', String(values.days));
}
