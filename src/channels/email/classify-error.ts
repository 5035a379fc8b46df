import type { SendFailure } from '../port';

// SMTP answers, classified for the outbound worker like the Graph API's: 4xx (RFC 5321) is a
// temporary failure, retried with back-off; 5xx is permanent; an authentication failure pauses the
// channel; no answer at all (connection refused, timeout) is transient.

export interface SmtpErrorInput {
  /** The SMTP reply code (nodemailer's `responseCode`), null when there was no reply. */
  readonly responseCode: number | null;
  /** nodemailer's error code: EAUTH, ECONNECTION, ETIMEDOUT, EENVELOPE, EMESSAGE, … */
  readonly errorCode: string | null;
  /** The reply line without the address it named, or a short description. */
  readonly message: string;
}

export const SMTP_RETRY_AFTER_MS = Object.freeze({
  /** 4xx: greylisting and busy servers ask for minutes, not seconds. */
  temporary: 60_000,
  /** No answer: the relay may be restarting. */
  connection: 5_000,
});

/** The enhanced status code (RFC 3463) in a reply, e.g. `5.1.1`. */
export function enhancedStatus(message: string): string | null {
  return /\b([245]\.\d{1,3}\.\d{1,3})\b/.exec(message)?.[1] ?? null;
}

/** Whether a permanent failure is about the recipient's address (so it is a hard bounce to record). */
export function isRecipientFailure(failure: SendFailure): boolean {
  if (failure.kind !== 'permanent') return false;
  const status = typeof failure.details?.smtpStatus === 'string' ? failure.details.smtpStatus : null;
  if (status !== null) return status.startsWith('5.1.') || status === '5.2.1';
  return failure.providerCode === 550 || failure.providerCode === 551 || failure.providerCode === 553;
}

export function classifySmtpError(input: SmtpErrorInput): SendFailure {
  const status = enhancedStatus(input.message);
  const common = {
    code: 'CHANNEL_SEND_FAILED' as const,
    message: input.message.slice(0, 300),
    providerCode: input.responseCode,
    httpStatus: null,
    details: status === null ? null : { smtpStatus: status },
  };
  if (input.errorCode === 'EAUTH' || input.responseCode === 535 || input.responseCode === 530) {
    return { ...common, kind: 'auth_invalid', retry: false, action: 'pause_channel' };
  }
  if (input.responseCode !== null && input.responseCode >= 400 && input.responseCode < 500) {
    return { ...common, kind: 'transient', retry: true, retryAfterMs: SMTP_RETRY_AFTER_MS.temporary };
  }
  if (input.responseCode !== null && input.responseCode >= 500) {
    return { ...common, kind: 'permanent', retry: false };
  }
  return { ...common, kind: 'transient', retry: true, retryAfterMs: SMTP_RETRY_AFTER_MS.connection };
}
