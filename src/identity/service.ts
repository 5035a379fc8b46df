import { createHash } from 'node:crypto';
import { FiloError, newId, newToken, systemClock, type Clock } from '../core';
import type { Store } from '../store';
import { IdentityErrors } from './errors';
import { DUMMY_HASH, hashPassword, verifyPassword } from './passwords';
import { isRole, type Role } from './roles';

export type Principal =
  | {
      readonly kind: 'user';
      readonly id: string;
      readonly role: Role;
      readonly name: string;
      readonly email: string;
      readonly language: string;
    }
  | { readonly kind: 'apikey'; readonly id: string; readonly role: Role; readonly name: string };

export interface PublicUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
  readonly role: Role;
  readonly language: string;
  readonly createdAt: string;
  readonly disabled: boolean;
}

export interface ApiKeySummary {
  readonly id: string;
  readonly name: string;
  readonly role: Role;
  readonly prefix: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
  readonly revokedAt: string | null;
}

const API_KEY_PREFIX = 'filo_';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

function toRole(value: string): Role {
  if (!isRole(value)) throw new FiloError(IdentityErrors.USER_INVALID, { message: `Unknown role ${value}` });
  return value;
}

export interface IdentityOptions {
  readonly sessionTtlHours: number;
  readonly clock?: Clock;
  /** scrypt cost override; tests lower it, production keeps the default. */
  readonly passwordCost?: { N: number } | undefined;
}

export class IdentityService {
  readonly #store: Store;
  readonly #clock: Clock;
  readonly #ttlMs: number;
  readonly #passwordCost: { N: number } | undefined;

  constructor(store: Store, options: IdentityOptions) {
    this.#store = store;
    this.#clock = options.clock ?? systemClock;
    this.#ttlMs = options.sessionTtlHours * 3_600_000;
    this.#passwordCost = options.passwordCost;
  }

  async createUser(input: {
    email: string;
    name: string;
    role: Role;
    password: string;
    language?: string;
  }): Promise<PublicUser> {
    const email = input.email.trim().toLowerCase();
    if (!EMAIL.test(email))
      throw new FiloError(IdentityErrors.USER_INVALID, { message: 'Invalid e-mail address' });
    if (input.password.length < 10) {
      throw new FiloError(IdentityErrors.USER_INVALID, {
        message: 'The password needs at least 10 characters',
      });
    }
    const existing = await this.#store.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (existing) throw new FiloError(IdentityErrors.USER_EMAIL_TAKEN);
    const row = {
      id: newId('usr'),
      email,
      name: input.name.trim(),
      role: toRole(input.role),
      language: input.language ?? 'en',
      password_hash: await hashPassword(input.password, this.#passwordCost),
      created_at: this.#clock.now().toISOString(),
      disabled_at: null,
    };
    try {
      await this.#store.db.insertInto('users').values(row).execute();
    } catch (cause) {
      // Two concurrent creations of the same e-mail: the unique index decides.
      throw new FiloError(IdentityErrors.USER_EMAIL_TAKEN, { cause });
    }
    return toPublicUser(row);
  }

  async listUsers(): Promise<PublicUser[]> {
    const rows = await this.#store.db.selectFrom('users').selectAll().orderBy('created_at').execute();
    return rows.map(toPublicUser);
  }

  async findUserByEmail(email: string): Promise<PublicUser | undefined> {
    const row = await this.#store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    return row ? toPublicUser(row) : undefined;
  }

  /** Checks e-mail and password; always spends one scrypt so that timing does not reveal unknown e-mails. */
  async authenticate(email: string, password: string): Promise<PublicUser> {
    const row = await this.#store.db
      .selectFrom('users')
      .selectAll()
      .where('email', '=', email.trim().toLowerCase())
      .executeTakeFirst();
    const ok = await verifyPassword(password, row?.password_hash ?? DUMMY_HASH);
    if (!row || !ok || row.disabled_at !== null) throw new FiloError(IdentityErrors.AUTH_INVALID_CREDENTIALS);
    return toPublicUser(row);
  }

  async createSession(userId: string): Promise<{ token: string; csrfToken: string; expiresAt: Date }> {
    const token = newToken(256);
    const csrfToken = newToken(192);
    const now = this.#clock.now();
    const expiresAt = new Date(now.getTime() + this.#ttlMs);
    await this.#store.db
      .insertInto('sessions')
      .values({
        token_hash: sha256(token),
        user_id: userId,
        csrf_token: csrfToken,
        created_at: now.toISOString(),
        expires_at: expiresAt.toISOString(),
      })
      .execute();
    return { token, csrfToken, expiresAt };
  }

  async resolveSession(token: string): Promise<{ principal: Principal; csrfToken: string } | undefined> {
    const row = await this.#store.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.token_hash',
        'sessions.csrf_token',
        'sessions.expires_at',
        'users.id',
        'users.email',
        'users.name',
        'users.role',
        'users.language',
        'users.disabled_at',
      ])
      .where('sessions.token_hash', '=', sha256(token))
      .executeTakeFirst();
    if (!row) return undefined;
    if (row.expires_at <= this.#clock.now().toISOString() || row.disabled_at !== null) {
      await this.#store.db.deleteFrom('sessions').where('token_hash', '=', row.token_hash).execute();
      return undefined;
    }
    return {
      principal: {
        kind: 'user',
        id: row.id,
        role: toRole(row.role),
        name: row.name,
        email: row.email,
        language: row.language,
      },
      csrfToken: row.csrf_token,
    };
  }

  async deleteSession(token: string): Promise<void> {
    await this.#store.db.deleteFrom('sessions').where('token_hash', '=', sha256(token)).execute();
  }

  async pruneExpiredSessions(): Promise<number> {
    const result = await this.#store.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', this.#clock.now().toISOString())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  /** Creates an API key; the secret is returned once and only its SHA-256 is stored. */
  async createApiKey(input: {
    name: string;
    role: Role;
    createdBy?: string | undefined;
  }): Promise<{ key: string; apiKey: ApiKeySummary }> {
    const key = API_KEY_PREFIX + newToken(256);
    const row = {
      id: newId('key'),
      name: input.name.trim(),
      role: toRole(input.role),
      prefix: key.slice(0, API_KEY_PREFIX.length + 6),
      key_hash: sha256(key),
      created_at: this.#clock.now().toISOString(),
      created_by: input.createdBy ?? null,
      last_used_at: null,
      revoked_at: null,
    };
    await this.#store.db.insertInto('api_keys').values(row).execute();
    return { key, apiKey: toApiKeySummary(row) };
  }

  /** Guarantees an owner key with exactly this value (FILO_BOOTSTRAP_API_KEY), for automation. */
  async ensureBootstrapApiKey(key: string): Promise<void> {
    const id = 'key_bootstrap';
    const hash = sha256(key);
    await this.#store.db.transaction().execute(async (trx) => {
      const existing = await trx
        .selectFrom('api_keys')
        .select(['key_hash'])
        .where('id', '=', id)
        .executeTakeFirst();
      if (!existing) {
        await trx
          .insertInto('api_keys')
          .values({
            id,
            name: 'Bootstrap key (FILO_BOOTSTRAP_API_KEY)',
            role: 'owner',
            prefix: key.slice(0, 11),
            key_hash: hash,
            created_at: this.#clock.now().toISOString(),
            created_by: null,
            last_used_at: null,
            revoked_at: null,
          })
          .execute();
      } else {
        await trx
          .updateTable('api_keys')
          .set({ key_hash: hash, role: 'owner', revoked_at: null, prefix: key.slice(0, 11) })
          .where('id', '=', id)
          .execute();
      }
    });
  }

  async resolveApiKey(key: string): Promise<Principal | undefined> {
    const row = await this.#store.db
      .selectFrom('api_keys')
      .selectAll()
      .where('key_hash', '=', sha256(key))
      .executeTakeFirst();
    if (!row || row.revoked_at !== null) return undefined;
    const now = this.#clock.now();
    // Record use at most once a minute, so that a busy integration does not write on every request.
    if (!row.last_used_at || now.getTime() - Date.parse(row.last_used_at) > 60_000) {
      await this.#store.db
        .updateTable('api_keys')
        .set({ last_used_at: now.toISOString() })
        .where('id', '=', row.id)
        .execute();
    }
    return { kind: 'apikey', id: row.id, role: toRole(row.role), name: row.name };
  }

  async listApiKeys(): Promise<ApiKeySummary[]> {
    const rows = await this.#store.db.selectFrom('api_keys').selectAll().orderBy('created_at').execute();
    return rows.map(toApiKeySummary);
  }

  async revokeApiKey(id: string): Promise<void> {
    const result = await this.#store.db
      .updateTable('api_keys')
      .set({ revoked_at: this.#clock.now().toISOString() })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 0) throw new FiloError(IdentityErrors.APIKEY_NOT_FOUND);
  }
}

function toPublicUser(row: {
  id: string;
  email: string;
  name: string;
  role: string;
  language: string;
  created_at: string;
  disabled_at: string | null;
}): PublicUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: toRole(row.role),
    language: row.language,
    createdAt: row.created_at,
    disabled: row.disabled_at !== null,
  };
}

function toApiKeySummary(row: {
  id: string;
  name: string;
  role: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}): ApiKeySummary {
  return {
    id: row.id,
    name: row.name,
    role: toRole(row.role),
    prefix: row.prefix,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  };
}
