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
  /**
   * Runs this process's job workers in a worker thread with its own database connection, so HTTP
   * answers never wait behind ledger transactions and both CPU cores are used (FILO_WORKER_THREAD).
   */
  readonly workerThread: boolean;
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
  /** The WhatsApp channel (WHATSAPP_*); null when neither configured nor sandboxed. */
  readonly whatsapp: WhatsAppSettings | null;
  /** The optional generative answerer (FILO_LLM_*): an OpenAI-compatible endpoint; null when off. */
  readonly llm: LlmSettings | null;
}

/** FILO_LLM_* settings: any OpenAI-compatible Chat Completions endpoint, used only to rephrase answers. */
export interface LlmSettings {
  readonly baseUrl: string;
  readonly model: string;
  readonly apiKey: string | undefined;
  readonly timeoutMs: number;
}

function llmSettings(env: Record<string, string | undefined>): LlmSettings | null {
  const baseUrl = env.FILO_LLM_BASE_URL || undefined;
  const model = env.FILO_LLM_MODEL || undefined;
  if (baseUrl === undefined && model === undefined) return null;
  if (baseUrl === undefined || model === undefined || !/^https?:\/\//.test(baseUrl)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: 'FILO_LLM_BASE_URL (an http(s) URL) and FILO_LLM_MODEL must be set together',
    });
  }
  return {
    baseUrl: baseUrl.replace(/\/+$/, ''),
    model,
    apiKey: env.FILO_LLM_API_KEY || undefined,
    timeoutMs: int(env, 'FILO_LLM_TIMEOUT_MS', 8000, 100),
  };
}

/** WHATSAPP_* settings. `sandbox`: Filo mounts its local WhatsApp sandbox and points graphUrl at it. */
export interface WhatsAppSettings {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly businessAccountId: string | undefined;
  /** undefined: Meta's Graph API (or the sandbox's, when sandboxed). */
  readonly graphUrl: string | undefined;
  readonly graphVersion: string | undefined;
  readonly sandbox: boolean;
  /** Outbound pacing per sender number (WHATSAPP_MESSAGES_PER_SECOND, Meta's default tier is 80). */
  readonly messagesPerSecond: number;
}

function whatsappSettings(env: Record<string, string | undefined>, demo: boolean): WhatsAppSettings | null {
  const accessToken = env.WHATSAPP_ACCESS_TOKEN || undefined;
  const sandbox = bool(env, 'WHATSAPP_SANDBOX', demo && accessToken === undefined);
  const messagesPerSecond = int(env, 'WHATSAPP_MESSAGES_PER_SECOND', 80, 1);
  if (sandbox) {
    // Local, made-up credentials: the sandbox checks them exactly as Meta would check real ones.
    return {
      appSecret: env.WHATSAPP_APP_SECRET || 'sandbox-app-secret',
      verifyToken: env.WHATSAPP_VERIFY_TOKEN || 'sandbox-verify-token',
      accessToken: accessToken ?? 'sandbox-access-token',
      phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID || '100000000000001',
      businessAccountId: env.WHATSAPP_BUSINESS_ACCOUNT_ID || '200000000000001',
      graphUrl: env.WHATSAPP_GRAPH_URL || undefined,
      graphVersion: env.WHATSAPP_GRAPH_VERSION || undefined,
      sandbox: true,
      messagesPerSecond,
    };
  }
  if (accessToken === undefined) return null;
  const missing = ['WHATSAPP_APP_SECRET', 'WHATSAPP_VERIFY_TOKEN', 'WHATSAPP_PHONE_NUMBER_ID'].filter(
    (n) => !env[n],
  );
  if (missing.length > 0) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: `WHATSAPP_ACCESS_TOKEN is set but ${missing.join(', ')} is not`,
    });
  }
  return {
    appSecret: env.WHATSAPP_APP_SECRET as string,
    verifyToken: env.WHATSAPP_VERIFY_TOKEN as string,
    accessToken,
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID as string,
    businessAccountId: env.WHATSAPP_BUSINESS_ACCOUNT_ID || undefined,
    graphUrl: env.WHATSAPP_GRAPH_URL || undefined,
    graphVersion: env.WHATSAPP_GRAPH_VERSION || undefined,
    sandbox: false,
    messagesPerSecond,
  };
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
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`,
    });
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
    workerThread: bool(env, 'FILO_WORKER_THREAD', false),
    queuePrefix: env.FILO_QUEUE_PREFIX || 'filo',
    logOrigin: env.FILO_LOG_ORIGIN || undefined,
    logSignerKey: env.FILO_LOG_SIGNER_KEY || undefined,
    logIntegrateMs: int(env, 'FILO_LOG_INTEGRATE_MS', 1000, 50),
    stripeSecretKey: env.STRIPE_SECRET_KEY || undefined,
    stripeWebhookSecrets: Object.freeze(
      (env.STRIPE_WEBHOOK_SECRET ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s.length > 0),
    ),
    whatsapp: whatsappSettings(env, bool(env, 'FILO_DEMO', false) || overrides.demo === true),
    llm: llmSettings(env),
    ...overrides,
  };
  return Object.freeze(config);
}
