import { FiloError, defineErrors } from '../core';

// The jobs module's catalogue. Codes are stable: a retired code is never reused.
export const JobErrors = defineErrors({
  JOB_NAME_INVALID: {
    statusCode: 400,
    message: 'A job name is 1–100 letters, digits, dots, dashes or underscores',
  },
  JOB_ID_INVALID: {
    statusCode: 400,
    message: 'A job or schedule id is 1–200 characters without spaces or colons, and not a bare integer',
  },
  JOB_PAYLOAD_INVALID: { statusCode: 400, message: 'A job payload must be serialisable as JSON' },
  JOB_OPTIONS_INVALID: { statusCode: 400, message: 'Invalid job options' },
  JOB_ID_CONFLICT: { statusCode: 409, message: 'This job id is already used by a job with another name' },
  JOB_NOT_FOUND: { statusCode: 404, message: 'No such job' },
  JOB_NOT_DEAD: { statusCode: 409, message: 'Only a dead job can be retried by hand' },
  JOB_HANDLER_DUPLICATE: { statusCode: 500, message: 'A handler is already registered for this job name' },
  JOB_HANDLER_FAILED: { statusCode: 500, message: 'The job handler failed' },
  JOB_PERMANENT_FAILURE: { statusCode: 500, message: 'The job failed and must not be retried' },
  JOB_LEASE_EXPIRED: {
    statusCode: 500,
    message: 'The worker stopped renewing its lease (it crashed or stalled)',
  },
  JOB_LEASE_LOST: { statusCode: 500, message: 'Another worker took over this job after its lease expired' },
  JOB_QUEUE_STOPPING: { statusCode: 503, message: 'The job queue is stopping' },
  JOB_QUEUE_CLOSED: { statusCode: 503, message: 'The job queue has been stopped' },
  JOB_QUEUE_UNAVAILABLE: { statusCode: 503, message: 'The job queue backend is not reachable' },
});

/**
 * Thrown by a handler when retrying cannot help (bad payload, a resource that is gone): the job goes
 * straight to the dead-letter state. Any error with `retryable: false` has the same effect.
 */
export class PermanentJobError extends FiloError {
  readonly retryable = false;

  constructor(message: string, options: { cause?: unknown; details?: unknown } = {}) {
    super(JobErrors.JOB_PERMANENT_FAILURE, { message, ...options });
    this.name = 'PermanentJobError';
  }
}

/** True when the handler asked for no retry: a PermanentJobError or any error carrying `retryable: false`. */
export function isPermanentJobError(error: unknown): boolean {
  if (error instanceof PermanentJobError) return true;
  return (
    typeof error === 'object' && error !== null && (error as { retryable?: unknown }).retryable === false
  );
}

/** One line for `lastError`: the stable code first when there is one, so dead jobs can be grouped. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    const text =
      typeof code === 'string' && code !== '' && !error.message.startsWith(code)
        ? `${code}: ${error.message}`
        : error.message;
    return text.slice(0, 2000);
  }
  try {
    return `non-error thrown: ${String(JSON.stringify(error))}`.slice(0, 2000);
  } catch {
    return 'non-error thrown';
  }
}
