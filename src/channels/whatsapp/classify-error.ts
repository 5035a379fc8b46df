import type { FailureDetails, SendFailure } from '../port';

// Graph API errors, classified for the outbound worker. Meta asks integrators to branch on `error.code`
// (and `error_data.details`), never on titles, which are being retired:
// https://developers.facebook.com/documentation/business-messaging/whatsapp/support/error-codes
// The same codes come back synchronously (the POST's error response) and asynchronously (a `failed`
// status webhook), so both go through this one function.

export interface GraphErrorInput {
  /** null for an asynchronous error (status webhook) or when no response arrived. */
  readonly httpStatus: number | null;
  /** Graph API `error.code`; null when there was none (network failure, non-JSON body). */
  readonly providerCode: number | null;
  readonly message: string;
  readonly details?: FailureDetails | null | undefined;
}

/** Least waits before a retry, from Meta's throughput rules; the worker's own back-off may add to them. */
export const RETRY_AFTER_MS = Object.freeze({
  // 130429: the number's messages-per-second throughput was reached; it refills within seconds.
  throughput: 1_000,
  // 80007 (WABA rate limit) and 4 (app call rate limit) are counted over longer windows.
  accountOrApp: 60_000,
  // 131056: pair rate limit — about one message every 6 seconds to the same WhatsApp user.
  pair: 6_000,
  // 5xx and network failures.
  transient: 1_000,
});

export function classifyGraphError(input: GraphErrorInput): SendFailure {
  const common = {
    code: 'CHANNEL_SEND_FAILED' as const,
    message: input.message,
    providerCode: input.providerCode,
    httpStatus: input.httpStatus,
    details: input.details ?? null,
  };
  // -1 is no Graph API code; it falls through to the HTTP-status rules below.
  switch (input.providerCode ?? -1) {
    case 131047: // Re-engagement message: more than 24 hours since the person last wrote.
      return { ...common, kind: 'reengagement_required', retry: false, action: 'use_template' };
    case 130429: // Rate limit hit (Cloud API throughput).
      return {
        ...common,
        kind: 'rate_limited',
        retry: true,
        scope: 'sender',
        retryAfterMs: RETRY_AFTER_MS.throughput,
      };
    case 80007: // The WhatsApp Business Account reached its rate limit.
    case 4: // The app reached its API call rate limit.
      return {
        ...common,
        kind: 'rate_limited',
        retry: true,
        scope: 'sender',
        retryAfterMs: RETRY_AFTER_MS.accountOrApp,
      };
    case 131056: // Pair rate limit: too many messages to the same recipient.
      return {
        ...common,
        kind: 'pair_rate_limited',
        retry: true,
        scope: 'recipient',
        retryAfterMs: RETRY_AFTER_MS.pair,
      };
    case 131048: // Spam rate limit hit: too many of the number's messages were blocked or flagged.
      return { ...common, kind: 'undeliverable', retry: false, reason: 'spam_rate_limit' };
    case 131049: // Not delivered "to maintain healthy ecosystem engagement" (per-user marketing limit).
      return { ...common, kind: 'undeliverable', retry: false, reason: 'ecosystem_engagement' };
    case 131050: // The person stopped marketing messages from this business.
      return { ...common, kind: 'undeliverable', retry: false, reason: 'marketing_opt_out' };
    case 190: // Access token expired or invalid.
      return { ...common, kind: 'auth_invalid', retry: false, action: 'pause_channel' };
    default:
      break;
  }
  const noAnswer = input.httpStatus === null && input.providerCode === null;
  if (noAnswer || (input.httpStatus !== null && input.httpStatus >= 500)) {
    return { ...common, kind: 'transient', retry: true, retryAfterMs: RETRY_AFTER_MS.transient };
  }
  // A 429 without a Graph error body is still a rate limit (a proxy in front of the sandbox, say).
  if (input.httpStatus === 429 && input.providerCode === null) {
    return {
      ...common,
      kind: 'rate_limited',
      retry: true,
      scope: 'sender',
      retryAfterMs: RETRY_AFTER_MS.throughput,
    };
  }
  return { ...common, kind: 'permanent', retry: false };
}
