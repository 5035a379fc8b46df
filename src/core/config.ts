import path from 'node:path';
import { CoreErrors, FiloError } from './errors';

// Configuration comes from environment variables only (each is documented in the README) and is frozen
// once read. Defaults are safe for the embedded demo: SQLite in ./data, the embedded job queue, loopback.

export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly redisUrl: string | undefined;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly bootstrapApiKey: string | undefined;
  readonly demo: boolean;
  readonly bodyLimitBytes: number;
  readonly sessionTtlHours: number;
  readonly secureCookies: boolean;
  readonly loginRateLimit: { readonly max: number; readonly windowMs: number };
  readonly workers: boolean;
  readonly queuePrefix: string;
  /** The transparency log's origin line; by default fixed at first start from FILO_PUBLIC_URL. */
  readonly logOrigin: string | undefined;
  /** The log's Ed25519 signer key (C2SP note format); by default generated once and kept in the database. */
  readonly logSignerKey: string | undefined;
  /** How often pending log entries are hashed and a checkpoint signed. */
  readonly logIntegrateMs: number;
  /** Stripe secret key; unset: the payment sandbox takes gifts (no money moves). */
  readonly stripeSecretKey: string | undefined;
  /** Stripe webhook signing secrets (comma-separated in STRIPE_WEBHOOK_SECRET, several while rotating). */
  readonly stripeWebhookSecrets: readonly string[];
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function int(env: Record<string, string | undefined>, name: string, fallback: number, min = 0): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `${name} must be an integer ≥ ${min}` });
  }
  return value;
}

function bool(env: Record<string, string | undefined>, name: string, fallback: boolean): boolean {
  const raw = env[name]?.toLowerCase();
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw)) return true;
  if (['0', 'false', 'no', 'off'].includes(raw)) return false;
  throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `${name} must be true or false` });
}

export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  overrides: Partial<Config> = {},
): Config {
  const port = int(env, 'PORT', 3000);
  const host = env.HOST || '0.0.0.0';
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` });
  }
  const bootstrapApiKey = env.FILO_BOOTSTRAP_API_KEY || undefined;
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < 24) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: 'FILO_BOOTSTRAP_API_KEY must be at least 24 characters long',
    });
  }
  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: 'DATABASE_URL must be a postgres:// URL' });
  }
  const redisUrl = env.REDIS_URL || undefined;
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: 'REDIS_URL must be a redis:// URL' });
  }
  const publicUrl = (env.FILO_PUBLIC_URL || `http://localhost:${port}`).replace(/\/+$/, '');
  const config: Config = {
    port,
    host,
    publicUrl,
    dataDir: path.resolve(env.FILO_DATA_DIR || './data'),
    databaseUrl,
    redisUrl,
    logLevel,
    bootstrapApiKey,
    demo: bool(env, 'FILO_DEMO', false),
    bodyLimitBytes: int(env, 'FILO_BODY_LIMIT_BYTES', 1_048_576, 1024),
    sessionTtlHours: int(env, 'FILO_SESSION_TTL_HOURS', 12, 1),
    secureCookies: bool(env, 'FILO_SECURE_COOKIES', publicUrl.startsWith('https://')),
    loginRateLimit: {
      max: int(env, 'FILO_LOGIN_RATE_LIMIT', 10, 1),
      windowMs: int(env, 'FILO_LOGIN_RATE_WINDOW_SECONDS', 300, 1) * 1000,
    },
    workers: bool(env, 'FILO_WORKERS', true),
    queuePrefix: env.FILO_QUEUE_PREFIX || 'filo',
    logOrigin: env.FILO_LOG_ORIGIN || undefined,
    logSignerKey: env.FILO_LOG_SIGNER_KEY || undefined,
    logIntegrateMs: int(env, 'FILO_LOG_INTEGRATE_MS', 1000, 50),
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecrets: Object.freeze((env.STRIPE_WEBHOOK_SECRET ?? '').split(',').map((s) => s.trim()).filter((s) => s.length > 0)),
    ...overrides,
  };
  return Object.freeze(config);
}
