import { FiloError, CoreErrors, type Config } from '../../core';

// FILO_WEBCHAT_* and SMTP_URL / FILO_EMAIL_* settings, read from the environment once when the module
// is built (the lead may move them into Config). Secrets left unset are generated once and kept in the
// database (channel_secrets), so tokens and links stay valid across restarts.

export interface WebchatEmailSettings {
  readonly webchat: {
    readonly enabled: boolean;
    /** Origins allowed to open the chat (scheme://host[:port]); '*' allows any. */
    readonly origins: readonly string[];
    readonly secret: string | undefined;
    readonly messagesPerMinute: number;
    readonly maxFrameBytes: number;
  };
  readonly email: {
    /** Unset: the local sandbox outbox (nothing is delivered). */
    readonly smtpUrl: string | undefined;
    readonly from: string;
    readonly webhookSecret: string | undefined;
    readonly unsubscribeSecret: string | undefined;
    readonly unsubscribeMailto: string;
    readonly maxBytes: number;
  };
}

function int(env: Record<string, string | undefined>, name: string, fallback: number, min: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `${name} must be an integer ≥ ${min}` });
  }
  return value;
}

function originOf(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: `Not an origin: ${url}` });
  }
}

export function readWebchatEmailSettings(
  config: Config,
  env: Record<string, string | undefined> = process.env,
): WebchatEmailSettings {
  const listed = (env.FILO_WEBCHAT_ORIGINS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const own = new URL(originOf(config.publicUrl));
  // A local demo is reached as localhost or 127.0.0.1 alike.
  const local = ['localhost', '127.0.0.1'].includes(own.hostname)
    ? ['localhost', '127.0.0.1'].map((h) => `${own.protocol}//${h}${own.port === '' ? '' : `:${own.port}`}`)
    : [own.origin];
  const origins = listed.length > 0 ? listed.map((o) => (o === '*' ? o : originOf(o))) : local;
  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, {
      message: 'SMTP_URL must be an smtp:// or smtps:// URL',
    });
  }
  const host = (() => {
    try {
      return new URL(config.publicUrl).hostname;
    } catch {
      return 'localhost';
    }
  })();
  const domain = host.includes('.') ? host : `${host}.localdomain`;
  const from = env.FILO_EMAIL_FROM || `Filo <no-reply@${domain}>`;
  if (smtpUrl !== undefined && !env.FILO_EMAIL_FROM) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: 'SMTP_URL is set but FILO_EMAIL_FROM is not' });
  }
  const fromDomain = /@([^>\s]+)>?\s*$/.exec(from)?.[1] ?? domain;
  const enabled = (env.FILO_WEBCHAT ?? 'true').toLowerCase();
  if (!['true', 'false', '1', '0', 'yes', 'no', 'on', 'off'].includes(enabled)) {
    throw new FiloError(CoreErrors.CONFIG_INVALID, { message: 'FILO_WEBCHAT must be true or false' });
  }
  return Object.freeze({
    webchat: Object.freeze({
      enabled: ['true', '1', 'yes', 'on'].includes(enabled),
      origins: Object.freeze(origins),
      secret: env.FILO_WEBCHAT_SECRET || undefined,
      messagesPerMinute: int(env, 'FILO_WEBCHAT_MESSAGES_PER_MINUTE', 30, 1),
      maxFrameBytes: int(env, 'FILO_WEBCHAT_MAX_FRAME_BYTES', 32_768, 1024),
    }),
    email: Object.freeze({
      smtpUrl,
      from,
      webhookSecret: env.FILO_EMAIL_WEBHOOK_SECRET || undefined,
      unsubscribeSecret: env.FILO_EMAIL_UNSUBSCRIBE_SECRET || undefined,
      unsubscribeMailto: env.FILO_EMAIL_UNSUBSCRIBE_MAILTO || `unsubscribe@${fromDomain}`,
      maxBytes: int(env, 'FILO_EMAIL_MAX_BYTES', 10 * 1024 * 1024, 1024),
    }),
  });
}
