import type { Selectable } from 'kysely';
import type {
  SkippedTemplate,
  TemplateDefinition,
  TemplateParameterSpec,
  TemplateSyncResult,
} from '../channels';
import { checkTemplateParameters } from '../channels';
import { FiloError, type Clock } from '../core';
import type { Database, Store } from '../store';
import type { OutboundDraft } from './assistant';
import { ConversationErrors } from './errors';

// The WhatsApp template registry: every message template of the business account, synced from the Graph
// API into the database (at start, every few hours, and on demand when a send names a template the
// registry has not seen lately), so that a template is checked before it is sent — unknown, not
// approved or with the wrong parameters is a clear error and nothing goes out, instead of Meta's
// error #132001 or #132000 after the fact.

export const TEMPLATE_SYNC_JOB = 'conversations.templates.sync';
export const TEMPLATE_SYNC_EVERY_MS = 6 * 3_600_000;
/** A send naming a template the registry lacks re-reads the list, at most this often. */
const RESYNC_UNKNOWN_AFTER_MS = 60_000;

export interface TemplateSource {
  syncTemplates(): Promise<TemplateSyncResult>;
}

export interface StoredTemplate {
  readonly id: string;
  readonly providerId: string;
  readonly name: string;
  readonly language: string;
  readonly category: string;
  readonly status: string;
  readonly parameterFormat: 'named' | 'positional';
  readonly parameters: readonly TemplateParameterSpec[];
  readonly quickReplies: readonly string[];
  readonly syncedAt: string;
}

export interface TemplateSyncState {
  readonly attemptedAt: string;
  readonly succeededAt: string | null;
  readonly error: { readonly code: string; readonly message: string } | null;
  readonly skipped: readonly SkippedTemplate[];
  readonly templateCount: number;
}

export interface TemplateSyncSummary {
  readonly templates: number;
  readonly skipped: number;
  /** Templates no longer listed, now marked DELETED. */
  readonly removed: number;
}

/** What the registry says about a template a message names. */
export type TemplateVerdict =
  | { readonly kind: 'ok'; readonly template: StoredTemplate }
  /** No registry on this server (no business account configured): Meta checks it on send. */
  | { readonly kind: 'unchecked' }
  /** The registry could not be read from the Graph API yet: try again later. */
  | { readonly kind: 'unavailable'; readonly error: FiloError }
  | { readonly kind: 'refused'; readonly error: FiloError };

export interface TemplateRegistryOptions {
  readonly store: Store;
  readonly clock: Clock;
  /** The adapter (null: WhatsApp not configured). */
  readonly source: TemplateSource | null;
  /** The business account the adapter reads (null: none configured, no registry). */
  readonly accountId: string | null;
}

function fromRow(r: Selectable<Database['whatsapp_templates']>): StoredTemplate {
  return {
    id: r.id,
    providerId: r.provider_id,
    name: r.name,
    language: r.language,
    category: r.category,
    status: r.status,
    parameterFormat: r.parameter_format === 'named' ? 'named' : 'positional',
    parameters: JSON.parse(r.parameters) as TemplateParameterSpec[],
    quickReplies: JSON.parse(r.quick_replies) as string[],
    syncedAt: r.synced_at,
  };
}

function toDefinition(row: StoredTemplate): TemplateDefinition {
  return {
    id: row.providerId,
    name: row.name,
    language: row.language,
    category: row.category as TemplateDefinition['category'],
    status: row.status as TemplateDefinition['status'],
    parameterFormat: row.parameterFormat,
    parameters: row.parameters,
    quickReplies: row.quickReplies,
  };
}

export class TemplateRegistry {
  readonly #o: TemplateRegistryOptions;
  #running: Promise<TemplateSyncSummary> | null = null;

  constructor(options: TemplateRegistryOptions) {
    this.#o = options;
  }

  get enabled(): boolean {
    return this.#o.source !== null && this.#o.accountId !== null;
  }

  /**
   * Reads every template from the Graph API and writes the registry: new and changed ones upserted,
   * ones no longer listed marked DELETED. One sync at a time per process; concurrent callers share it.
   * Records the attempt either way; rejects with the adapter's FiloError when the Graph API refuses.
   */
  sync(): Promise<TemplateSyncSummary> {
    this.#running ??= this.#sync().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #sync(): Promise<TemplateSyncSummary> {
    const { source, accountId, store, clock } = this.#o;
    if (source === null || accountId === null) {
      throw new FiloError(ConversationErrors.CONVERSATION_CHANNEL_NOT_CONFIGURED, {
        message: 'WhatsApp templates need WHATSAPP_BUSINESS_ACCOUNT_ID',
      });
    }
    let result: TemplateSyncResult;
    try {
      result = await source.syncTemplates();
    } catch (error) {
      const failure =
        error instanceof FiloError
          ? { code: error.code, message: error.message }
          : { code: 'CHANNEL_TEMPLATE_SYNC_FAILED', message: 'The template list could not be read' };
      await this.#recordAttempt({ error: failure });
      throw error;
    }
    const now = clock.now().toISOString();
    // The same name and language listed twice would be Meta's bug; the first one wins.
    const listed = new Map<string, TemplateDefinition>();
    for (const t of result.templates) {
      const id = `${accountId}:${t.name}:${t.language}`;
      if (!listed.has(id)) listed.set(id, t);
    }
    let removed = 0;
    await store.db.transaction().execute(async (trx) => {
      for (const [id, t] of listed) {
        const values = {
          provider_id: t.id,
          category: t.category,
          status: t.status,
          parameter_format: t.parameterFormat,
          parameters: JSON.stringify(t.parameters),
          quick_replies: JSON.stringify(t.quickReplies),
          synced_at: now,
          updated_at: now,
        };
        await trx
          .insertInto('whatsapp_templates')
          .values({ id, account_id: accountId, name: t.name, language: t.language, ...values })
          .onConflict((oc) => oc.column('id').doUpdateSet(values))
          .execute();
      }
      const gone = await trx
        .selectFrom('whatsapp_templates')
        .select('id')
        .where('account_id', '=', accountId)
        .where('status', '!=', 'DELETED')
        .execute();
      const goneIds = gone.map((g) => g.id).filter((id) => !listed.has(id));
      removed = goneIds.length;
      for (let i = 0; i < goneIds.length; i += 200) {
        await trx
          .updateTable('whatsapp_templates')
          .set({ status: 'DELETED', synced_at: now, updated_at: now })
          .where('id', 'in', goneIds.slice(i, i + 200))
          .execute();
      }
    });
    await this.#recordAttempt({ succeededAt: now, skipped: result.skipped, count: listed.size });
    return { templates: listed.size, skipped: result.skipped.length, removed };
  }

  async #recordAttempt(outcome: {
    readonly error?: { code: string; message: string };
    readonly succeededAt?: string;
    readonly skipped?: readonly SkippedTemplate[];
    readonly count?: number;
  }): Promise<void> {
    const accountId = this.#o.accountId;
    if (accountId === null) return;
    const now = this.#o.clock.now().toISOString();
    const values =
      outcome.error === undefined
        ? {
            attempted_at: now,
            succeeded_at: outcome.succeededAt ?? now,
            error_code: null,
            error_message: null,
            skipped: JSON.stringify(outcome.skipped ?? []),
            template_count: outcome.count ?? 0,
          }
        : { attempted_at: now, error_code: outcome.error.code, error_message: outcome.error.message };
    const first = { succeeded_at: null, skipped: '[]', template_count: 0 };
    await this.#o.store.db
      .insertInto('whatsapp_template_syncs')
      .values({ account_id: accountId, ...first, ...values })
      .onConflict((oc) => oc.column('account_id').doUpdateSet(values))
      .execute();
  }

  /** The registry's templates (all statuses), by name and language. */
  async list(): Promise<StoredTemplate[]> {
    const accountId = this.#o.accountId;
    if (accountId === null) return [];
    const rows = await this.#o.store.db
      .selectFrom('whatsapp_templates')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('name')
      .orderBy('language')
      .execute();
    return rows.map(fromRow);
  }

  async state(): Promise<TemplateSyncState | null> {
    const accountId = this.#o.accountId;
    if (accountId === null) return null;
    const row = await this.#o.store.db
      .selectFrom('whatsapp_template_syncs')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    if (row === undefined) return null;
    return {
      attemptedAt: row.attempted_at,
      succeededAt: row.succeeded_at,
      error:
        row.error_code === null
          ? null
          : { code: row.error_code, message: row.error_message ?? row.error_code },
      skipped: JSON.parse(row.skipped) as SkippedTemplate[],
      templateCount: Number(row.template_count),
    };
  }

  async #find(name: string, language: string): Promise<StoredTemplate | undefined> {
    const row = await this.#o.store.db
      .selectFrom('whatsapp_templates')
      .selectAll()
      .where('id', '=', `${this.#o.accountId ?? ''}:${name}:${language}`)
      .executeTakeFirst();
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * Checks a template message against the registry. A registry never synced is synced first; a
   * template it lacks makes it re-read the list (at most once a minute), since it may have just been
   * approved.
   */
  async check(message: Extract<OutboundDraft, { type: 'template' }>): Promise<TemplateVerdict> {
    if (!this.enabled) return { kind: 'unchecked' };
    let state = await this.state();
    if (state?.succeededAt == null) {
      try {
        await this.sync();
      } catch (error) {
        return {
          kind: 'unavailable',
          error:
            error instanceof FiloError
              ? error
              : new FiloError(ConversationErrors.CONVERSATION_TEMPLATES_UNAVAILABLE, { cause: error }),
        };
      }
      state = await this.state();
    }
    let found = await this.#find(message.name, message.language);
    const lastSync = Date.parse(state?.succeededAt ?? '1970-01-01T00:00:00Z');
    if (
      (found === undefined || found.status === 'DELETED') &&
      this.#o.clock.now().getTime() - lastSync > RESYNC_UNKNOWN_AFTER_MS
    ) {
      // A failed re-read leaves the registry as it was: judge by what it knows.
      await this.sync().catch(() => undefined);
      found = await this.#find(message.name, message.language);
    }
    const where = { name: message.name, language: message.language };
    if (found === undefined || found.status === 'DELETED') {
      return {
        kind: 'refused',
        error: new FiloError(ConversationErrors.CONVERSATION_TEMPLATE_UNKNOWN, {
          message: `No WhatsApp template "${message.name}" in language "${message.language}"`,
          details: where,
        }),
      };
    }
    if (found.status !== 'APPROVED') {
      return {
        kind: 'refused',
        error: new FiloError(ConversationErrors.CONVERSATION_TEMPLATE_NOT_APPROVED, {
          message: `The WhatsApp template "${message.name}" (${message.language}) is ${found.status}, not APPROVED`,
          details: { ...where, status: found.status },
        }),
      };
    }
    const problem = checkTemplateParameters(toDefinition(found), { ...message, to: '0' });
    if (problem !== null) {
      return {
        kind: 'refused',
        error: new FiloError(ConversationErrors.CONVERSATION_TEMPLATE_INVALID, {
          message: problem.message,
          details: { ...where, ...(problem.details ?? {}), problem: problem.code },
        }),
      };
    }
    return { kind: 'ok', template: found };
  }
}
