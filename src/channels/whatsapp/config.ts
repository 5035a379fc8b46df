import { FiloError } from '../../core';
import { ChannelErrors } from '../errors';

// The adapter is configured from a plain object; mapping WHATSAPP_* environment variables onto it is
// the runtime's job, so that the sandbox and tests can build an adapter without touching the environment.

export interface WhatsAppConfig {
  /** The Meta app's secret: the key of the webhook's X-Hub-Signature-256 HMAC. */
  readonly appSecret: string;
  /** The token we chose when subscribing the webhook; Meta echoes it in the GET handshake. */
  readonly verifyToken: string;
  /** A (system-user) access token with whatsapp_business_messaging permission. */
  readonly accessToken: string;
  /** The business phone number id messages are sent from. */
  readonly phoneNumberId: string;
  /** The WhatsApp Business Account id; needed to read message templates. */
  readonly businessAccountId?: string | undefined;
  /** Default https://graph.facebook.com; the sandbox points this at itself. */
  readonly graphUrl?: string | undefined;
  /** Default v23.0. */
  readonly graphVersion?: string | undefined;
  /** Injected in tests and by the sandbox; default the global fetch. */
  readonly fetch?: typeof fetch | undefined;
  /** A request to the Graph API that takes longer fails as transient (default 15 s). */
  readonly timeoutMs?: number | undefined;
}

export interface ResolvedWhatsAppConfig {
  readonly appSecret: string;
  readonly verifyToken: string;
  readonly accessToken: string;
  readonly phoneNumberId: string;
  readonly businessAccountId: string | null;
  /** Without a trailing slash. */
  readonly graphUrl: string;
  readonly graphVersion: string;
  readonly fetch: typeof fetch;
  readonly timeoutMs: number;
}

export const DEFAULT_GRAPH_URL = 'https://graph.facebook.com';
export const DEFAULT_GRAPH_VERSION = 'v23.0';

function invalid(message: string): FiloError {
  return new FiloError(ChannelErrors.CHANNEL_CONFIG_INVALID, { message: `WhatsApp: ${message}` });
}

function required(value: string, name: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(`${name} is required`);
  return value;
}

/** Checks and freezes the configuration; throws CHANNEL_CONFIG_INVALID (never printing a secret). */
export function resolveWhatsAppConfig(config: WhatsAppConfig): ResolvedWhatsAppConfig {
  const phoneNumberId = required(config.phoneNumberId, 'phoneNumberId');
  // Ids go into URL paths: digits only, so that a bad value cannot point a request elsewhere.
  if (!/^\d{1,32}$/.test(phoneNumberId)) throw invalid('phoneNumberId must be digits');
  const businessAccountId =
    config.businessAccountId === undefined || config.businessAccountId === ''
      ? null
      : config.businessAccountId;
  if (businessAccountId !== null && !/^\d{1,32}$/.test(businessAccountId)) {
    throw invalid('businessAccountId must be digits');
  }
  const graphVersion = config.graphVersion ?? DEFAULT_GRAPH_VERSION;
  if (!/^v\d{1,3}\.\d{1,3}$/.test(graphVersion)) throw invalid('graphVersion must look like v23.0');
  const rawUrl = config.graphUrl ?? DEFAULT_GRAPH_URL;
  let url: URL;
  try {
    url = new URL(rawUrl);
  } catch {
    throw invalid('graphUrl must be an absolute URL');
  }
  // http is allowed for the local sandbox; the bearer token must never go to an unexpected place.
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw invalid('graphUrl must be an http(s) URL');
  if (url.search !== '' || url.hash !== '') throw invalid('graphUrl must not have a query or fragment');
  const timeoutMs = config.timeoutMs ?? 15_000;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) throw invalid('timeoutMs must be a positive integer');
  const fetchImpl = config.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') throw invalid('no fetch implementation is available');
  return Object.freeze({
    appSecret: required(config.appSecret, 'appSecret'),
    verifyToken: required(config.verifyToken, 'verifyToken'),
    accessToken: required(config.accessToken, 'accessToken'),
    phoneNumberId,
    businessAccountId,
    graphUrl: url.href.replace(/\/+$/, ''),
    graphVersion,
    fetch: fetchImpl,
    timeoutMs,
  });
}
