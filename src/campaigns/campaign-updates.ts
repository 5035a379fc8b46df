import { FiloError, newId, systemClock, type Clock } from '../core';
import type { Expense } from '../ledger';
import type { Database, Store } from '../store';
import { CampaignUpdateErrors } from './errors';

// Campaign updates: the news under "latest updates" on a campaign's public page. Staff write them as
// drafts and publish them (and may unpublish one again); the ledger writes a factual one, once per
// campaign and expense, when an approved expense is paid with the campaign's money. Texts are plain:
// a title on one line and a body whose paragraphs are separated by blank lines.

type CampaignUpdateTable = Database['campaign_updates'];

export const UPDATE_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
export type UpdateLanguage = (typeof UPDATE_LANGUAGES)[number];

/** Limits, in characters as a person counts them (code points). */
export const UPDATE_LIMITS = Object.freeze({ title: 140, body: 5000 });

export interface CampaignUpdate {
  readonly id: string;
  readonly campaignId: string;
  readonly title: string;
  readonly body: string;
  readonly language: UpdateLanguage;
  readonly status: 'draft' | 'published';
  /** When it was first published; kept when it is unpublished and published again. */
  readonly publishedAt: string | null;
  /** `ledger`: written from a ledger event (not editable); `staff`: written by a person. */
  readonly author: {
    readonly kind: 'staff' | 'ledger';
    readonly id: string | null;
    readonly name: string | null;
  };
  /** A public page about it (a paid expense's invoice), or null. */
  readonly linkUrl: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

/** What the public sees of an update: no author names, no drafts. */
export interface PublicCampaignUpdate {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly language: UpdateLanguage;
  readonly publishedAt: string;
  readonly automatic: boolean;
  readonly linkUrl: string | null;
}

export interface UpdateInput {
  readonly title: string;
  readonly body: string;
  readonly language: string;
}

export interface UpdateAuthor {
  readonly id: string;
  readonly name: string;
}

/** The campaigns door's CAMPAIGN_NOT_FOUND (the same code; defined there, beside the campaigns). */
const CAMPAIGN_NOT_FOUND = { code: 'CAMPAIGN_NOT_FOUND', statusCode: 404, message: 'No such campaign' };

function invalid(field: string, message: string, extra: Record<string, unknown> = {}): FiloError {
  return new FiloError(CampaignUpdateErrors.CAMPAIGN_UPDATE_INVALID, {
    message,
    details: { field, ...extra },
  });
}

const length = (text: string): number => [...text].length;
// Control characters other than the line feed, and the bidirectional overrides that can disguise text.
const FORBIDDEN = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** A title: one line, spaces collapsed, 1 … 140 characters. */
export function cleanTitle(raw: string): string {
  const title = raw
    .normalize('NFC')
    .replace(/[\t\r\n]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  if (title === '') throw invalid('title', 'The title must not be empty');
  if (FORBIDDEN.test(title)) throw invalid('title', 'The title contains control characters');
  if (length(title) > UPDATE_LIMITS.title)
    throw invalid('title', `The title is longer than ${UPDATE_LIMITS.title} characters`, {
      limit: UPDATE_LIMITS.title,
      length: length(title),
    });
  return title;
}

/** A body: plain text, line breaks kept (CRLF as LF, at most one blank line in a row), 1 … 5000 characters. */
export function cleanBody(raw: string): string {
  const body = raw
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    .replace(/\t/g, ' ')
    .split('\n')
    .map((line) => line.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  if (body === '') throw invalid('body', 'The text must not be empty');
  if (FORBIDDEN.test(body)) throw invalid('body', 'The text contains control characters');
  if (length(body) > UPDATE_LIMITS.body)
    throw invalid('body', `The text is longer than ${UPDATE_LIMITS.body} characters`, {
      limit: UPDATE_LIMITS.body,
      length: length(body),
    });
  return body;
}

export function checkLanguage(raw: string): UpdateLanguage {
  const found = UPDATE_LANGUAGES.find((l) => l === raw);
  if (found === undefined) throw invalid('language', 'The language must be one of it, en, de, es, fr');
  return found;
}

function toUpdate(row: CampaignUpdateTable): CampaignUpdate {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    title: row.title,
    body: row.body,
    language: UPDATE_LANGUAGES.find((l) => l === row.language) ?? 'en',
    status: row.status === 'published' ? 'published' : 'draft',
    publishedAt: row.published_at,
    author: {
      kind: row.author_kind === 'ledger' ? 'ledger' : 'staff',
      id: row.author_id,
      name: row.author_name,
    },
    linkUrl: row.link_url,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

// ---- the ledger's updates ------------------------------------------------------------------------

const LOCALE: Readonly<Record<UpdateLanguage, string>> = {
  it: 'it-IT',
  en: 'en-GB',
  de: 'de-DE',
  es: 'es-ES',
  fr: 'fr-FR',
};

const PAID_TEXTS: Readonly<
  Record<UpdateLanguage, { title: string; paid: string; invoice: string; log: string }>
> = {
  it: {
    title: '{amount} pagati per «{description}»',
    paid: 'Spesa del {date}: {amount} per «{description}», pagati con i doni ricevuti.',
    invoice: 'La fattura è pubblica.',
    log: 'La spesa è la voce n. {index} del nostro registro pubblico, che chiunque può verificare.',
  },
  en: {
    title: '{amount} paid for “{description}”',
    paid: 'Expense of {date}: {amount} for “{description}”, paid with the gifts we received.',
    invoice: 'The invoice is public.',
    log: 'The expense is entry {index} of our public log, which anyone can verify.',
  },
  de: {
    title: '{amount} bezahlt für „{description}“',
    paid: 'Ausgabe vom {date}: {amount} für „{description}“, bezahlt mit den erhaltenen Spenden.',
    invoice: 'Die Rechnung ist öffentlich.',
    log: 'Die Ausgabe ist Eintrag {index} unseres öffentlichen Protokolls, das jeder prüfen kann.',
  },
  es: {
    title: '{amount} pagados por «{description}»',
    paid: 'Gasto del {date}: {amount} para «{description}», pagados con los donativos recibidos.',
    invoice: 'La factura es pública.',
    log: 'El gasto es la entrada {index} de nuestro registro público, que cualquiera puede verificar.',
  },
  fr: {
    title: '{amount} payés pour « {description} »',
    paid: 'Dépense du {date} : {amount} pour « {description} », payés avec les dons reçus.',
    invoice: 'La facture est publique.',
    log: 'La dépense est l’entrée {index} de notre registre public, que chacun peut vérifier.',
  },
};

function fill(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => values[key] ?? '');
}

/** The factual update for a paid expense, in the organisation's language; only public facts. */
export function expensePaidText(
  expense: Pick<Expense, 'amountMinor' | 'currency' | 'description' | 'spentOn' | 'logIndex'> & {
    readonly hasInvoice: boolean;
  },
  language: UpdateLanguage,
): { title: string; body: string } {
  const t = PAID_TEXTS[language];
  const amount = new Intl.NumberFormat(LOCALE[language], {
    style: 'currency',
    currency: expense.currency,
  }).format(expense.amountMinor / 100);
  const date = new Intl.DateTimeFormat(LOCALE[language], {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  }).format(new Date(expense.spentOn));
  const description = expense.description.replace(/\s+/g, ' ').trim();
  // Shorten the description, not the amount, when the title would be too long.
  const room = UPDATE_LIMITS.title - length(fill(t.title, { amount, description: '' }));
  const short =
    length(description) <= room ? description : `${[...description].slice(0, room - 1).join('')}…`;
  const sentences = [fill(t.paid, { date, amount, description })];
  if (expense.hasInvoice) sentences.push(t.invoice);
  if (expense.logIndex !== null) sentences.push(fill(t.log, { index: String(expense.logIndex) }));
  return { title: fill(t.title, { amount, description: short }), body: sentences.join(' ') };
}

// ---- the service ---------------------------------------------------------------------------------

export interface CampaignUpdatesOptions {
  readonly store: Store;
  readonly clock?: Clock;
  /** Where the public site is, for the links of the ledger's updates. */
  readonly publicUrl: string;
}

export class CampaignUpdatesService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #publicUrl: string;

  constructor(options: CampaignUpdatesOptions) {
    this.#store = options.store;
    this.#clock = options.clock ?? systemClock;
    this.#publicUrl = options.publicUrl.replace(/\/+$/, '');
  }

  async #campaignById(id: string): Promise<{ id: string; slug: string; status: string }> {
    const row = await this.#store.db
      .selectFrom('campaigns')
      .select(['id', 'slug', 'status'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (row === undefined) throw new FiloError(CAMPAIGN_NOT_FOUND);
    return row;
  }

  async #row(campaignId: string, updateId: string): Promise<CampaignUpdateTable> {
    await this.#campaignById(campaignId);
    const row = await this.#store.db
      .selectFrom('campaign_updates')
      .selectAll()
      .where('id', '=', updateId)
      .where('campaign_id', '=', campaignId)
      .executeTakeFirst();
    if (row === undefined) throw new FiloError(CampaignUpdateErrors.CAMPAIGN_UPDATE_NOT_FOUND);
    return row;
  }

  /** Every update of a campaign, drafts included, newest first (drafts by when they were written). */
  async list(campaignId: string): Promise<CampaignUpdate[]> {
    await this.#campaignById(campaignId);
    const rows = await this.#store.db
      .selectFrom('campaign_updates')
      .selectAll()
      .where('campaign_id', '=', campaignId)
      .execute();
    return rows
      .map(toUpdate)
      .sort(
        (a, b) =>
          (b.publishedAt ?? b.createdAt).localeCompare(a.publishedAt ?? a.createdAt) ||
          b.id.localeCompare(a.id),
      );
  }

  /** A staff update: a draft, or published at once with `publish`. Checked whole before anything is stored. */
  async create(
    campaignId: string,
    input: UpdateInput & { readonly publish?: boolean },
    author: UpdateAuthor,
    /** A publication date other than now (the demo's history). */
    publishedAt?: string,
  ): Promise<CampaignUpdate> {
    const title = cleanTitle(input.title);
    const body = cleanBody(input.body);
    const language = checkLanguage(input.language);
    await this.#campaignById(campaignId);
    const now = this.#clock.now().toISOString();
    const row: CampaignUpdateTable = {
      id: newId('cup'),
      campaign_id: campaignId,
      title,
      body,
      language,
      status: input.publish === true ? 'published' : 'draft',
      published_at: input.publish === true ? (publishedAt ?? now) : null,
      author_kind: 'staff',
      author_id: author.id,
      author_name: author.name.slice(0, 200),
      link_url: null,
      source_key: null,
      created_at: now,
      updated_at: now,
    };
    await this.#store.db.insertInto('campaign_updates').values(row).execute();
    return toUpdate(row);
  }

  /** Changes a staff update's text or language (published or not); the ledger's cannot be edited. */
  async edit(campaignId: string, updateId: string, changes: Partial<UpdateInput>): Promise<CampaignUpdate> {
    const current = await this.#row(campaignId, updateId);
    if (current.author_kind === 'ledger') throw new FiloError(CampaignUpdateErrors.CAMPAIGN_UPDATE_AUTOMATIC);
    const next = {
      title: changes.title === undefined ? current.title : cleanTitle(changes.title),
      body: changes.body === undefined ? current.body : cleanBody(changes.body),
      language: changes.language === undefined ? current.language : checkLanguage(changes.language),
      updated_at: this.#clock.now().toISOString(),
    };
    await this.#store.db
      .updateTable('campaign_updates')
      .set(next)
      .where('id', '=', updateId)
      .where('campaign_id', '=', campaignId)
      .execute();
    return toUpdate({ ...current, ...next });
  }

  /** Shows it on the public page; the first publication sets its date. Publishing twice changes nothing. */
  async publish(campaignId: string, updateId: string): Promise<CampaignUpdate> {
    return this.#setStatus(campaignId, updateId, 'published');
  }

  /** Takes it off the public page (back to a draft); its first publication date is kept. */
  async unpublish(campaignId: string, updateId: string): Promise<CampaignUpdate> {
    return this.#setStatus(campaignId, updateId, 'draft');
  }

  async #setStatus(
    campaignId: string,
    updateId: string,
    status: 'draft' | 'published',
  ): Promise<CampaignUpdate> {
    const current = await this.#row(campaignId, updateId);
    if (current.status === status) return toUpdate(current);
    const now = this.#clock.now().toISOString();
    const next = {
      status,
      published_at: status === 'published' ? (current.published_at ?? now) : current.published_at,
      updated_at: now,
    };
    await this.#store.db
      .updateTable('campaign_updates')
      .set(next)
      .where('id', '=', updateId)
      .where('campaign_id', '=', campaignId)
      .execute();
    return toUpdate({ ...current, ...next });
  }

  /**
   * The latest published updates of a campaign that is open or closed (a draft campaign has no public
   * page), newest first.
   */
  async latest(slug: string, limit: number): Promise<PublicCampaignUpdate[]> {
    const campaign = await this.#store.db
      .selectFrom('campaigns')
      .select(['id', 'status'])
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (campaign === undefined || campaign.status === 'draft') throw new FiloError(CAMPAIGN_NOT_FOUND);
    const rows = await this.#store.db
      .selectFrom('campaign_updates')
      .selectAll()
      .where('campaign_id', '=', campaign.id)
      .where('status', '=', 'published')
      .where('published_at', 'is not', null)
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.max(1, Math.min(limit, 50)))
      .execute();
    return rows.map((row) => {
      const u = toUpdate(row);
      return {
        id: u.id,
        title: u.title,
        body: u.body,
        language: u.language,
        publishedAt: u.publishedAt ?? u.createdAt,
        automatic: u.author.kind === 'ledger',
        linkUrl: u.linkUrl,
      };
    });
  }

  /**
   * The ledger's update for an approved expense paid with a campaign's money: written and published
   * once per campaign and expense (a redelivered event, or a later top-up of the same expense, finds it
   * there). Returns the new update, or null when it already existed.
   */
  async recordExpensePaid(
    campaignId: string,
    expense: Pick<
      Expense,
      'id' | 'amountMinor' | 'currency' | 'description' | 'spentOn' | 'logIndex' | 'evidence'
    >,
    language: UpdateLanguage,
    publishedAt?: string,
  ): Promise<CampaignUpdate | null> {
    await this.#campaignById(campaignId);
    const sourceKey = `expense:${expense.id}`;
    const invoice = expense.evidence[0]?.sha256;
    const text = expensePaidText({ ...expense, hasInvoice: invoice !== undefined }, language);
    const now = this.#clock.now().toISOString();
    const row: CampaignUpdateTable = {
      id: newId('cup'),
      campaign_id: campaignId,
      title: text.title,
      body: text.body,
      language,
      status: 'published',
      published_at: publishedAt ?? now,
      author_kind: 'ledger',
      author_id: null,
      author_name: null,
      link_url:
        invoice === undefined
          ? `${this.#publicUrl}/transparency`
          : `${this.#publicUrl}/api/v1/public/evidence/${invoice}`,
      source_key: sourceKey,
      created_at: now,
      updated_at: now,
    };
    const inserted = await this.#store.db
      .insertInto('campaign_updates')
      .values(row)
      .onConflict((oc) => oc.columns(['campaign_id', 'source_key']).doNothing())
      .returning('id')
      .executeTakeFirst();
    return inserted === undefined ? null : toUpdate(row);
  }
}
