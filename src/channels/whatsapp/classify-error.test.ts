import { describe, expect, it } from 'vitest';
import type { SendFailure } from '../port';
import { classifyGraphError, RETRY_AFTER_MS } from './classify-error';

// One row per rule the outbound worker relies on. Asynchronous errors (status webhooks) have no HTTP
// status; a provider code alone must never be mistaken for "no answer".

const classify = (providerCode: number | null, httpStatus: number | null = 400): SendFailure =>
  classifyGraphError({ providerCode, httpStatus, message: 'm' });

describe('classifyGraphError', () => {
  it.each([
    [131047, { kind: 'reengagement_required', retry: false, action: 'use_template' }],
    [130429, { kind: 'rate_limited', retry: true, scope: 'sender', retryAfterMs: RETRY_AFTER_MS.throughput }],
    [
      80007,
      { kind: 'rate_limited', retry: true, scope: 'sender', retryAfterMs: RETRY_AFTER_MS.accountOrApp },
    ],
    [4, { kind: 'rate_limited', retry: true, scope: 'sender', retryAfterMs: RETRY_AFTER_MS.accountOrApp }],
    [131056, { kind: 'pair_rate_limited', retry: true, scope: 'recipient', retryAfterMs: 6_000 }],
    [131048, { kind: 'undeliverable', retry: false, reason: 'spam_rate_limit' }],
    [131049, { kind: 'undeliverable', retry: false, reason: 'ecosystem_engagement' }],
    [131050, { kind: 'undeliverable', retry: false, reason: 'marketing_opt_out' }],
    [190, { kind: 'auth_invalid', retry: false, action: 'pause_channel' }],
    [100, { kind: 'permanent', retry: false }],
    [131026, { kind: 'permanent', retry: false }],
    [131062, { kind: 'permanent', retry: false }],
  ] as const)('code %i', (code, expected) => {
    expect(classify(code)).toMatchObject({
      ...expected,
      providerCode: code,
      httpStatus: 400,
      code: 'CHANNEL_SEND_FAILED',
    });
    // The same code from a status webhook (no HTTP status) is classified the same way.
    expect(classify(code, null)).toMatchObject(expected);
  });

  it('treats 5xx and no answer at all as transient, whatever the body said', () => {
    expect(classify(null, 502)).toMatchObject({ kind: 'transient', retry: true });
    expect(classify(2, 500)).toMatchObject({ kind: 'transient', retry: true });
    expect(classify(null, null)).toMatchObject({
      kind: 'transient',
      retry: true,
      retryAfterMs: RETRY_AFTER_MS.transient,
    });
  });

  it('keeps specific codes ahead of the HTTP status (a 131047 is never retried, even on a 5xx)', () => {
    expect(classify(131047, 500)).toMatchObject({ kind: 'reengagement_required' });
  });

  it('treats other 4xx, and unknown codes from status webhooks, as permanent', () => {
    expect(classify(null, 404)).toMatchObject({ kind: 'permanent' });
    expect(classify(130472, null)).toMatchObject({ kind: 'permanent' });
  });
});
