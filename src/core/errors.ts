// The one error type of Filo: a value with a stable code, an HTTP status and an optional cause.
// Each module keeps its own catalogue of codes; a retired code is never reused.

export interface ErrorSpec {
  readonly code: string;
  readonly statusCode: number;
  readonly message: string;
}

export class FiloError extends Error {
  readonly code: string;
  readonly statusCode: number;
  readonly details: unknown;

  constructor(spec: ErrorSpec, options: { message?: string; cause?: unknown; details?: unknown } = {}) {
    super(
      options.message ?? spec.message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = 'FiloError';
    this.code = spec.code;
    this.statusCode = spec.statusCode;
    this.details = options.details;
  }
}

/** Builds a frozen catalogue whose keys are the codes themselves, so a typo is a type error. */
export function defineErrors<const T extends Record<string, { statusCode: number; message: string }>>(
  specs: T,
): { readonly [K in keyof T]: ErrorSpec & { readonly code: K & string } } {
  const out: Record<string, ErrorSpec> = {};
  for (const [code, spec] of Object.entries(specs)) {
    out[code] = Object.freeze({ code, statusCode: spec.statusCode, message: spec.message });
  }
  return Object.freeze(out) as { readonly [K in keyof T]: ErrorSpec & { readonly code: K & string } };
}

export const CoreErrors = defineErrors({
  INTERNAL: { statusCode: 500, message: 'Internal error' },
  NOT_FOUND: { statusCode: 404, message: 'Not found' },
  ROUTE_NOT_FOUND: { statusCode: 404, message: 'No such route' },
  VALIDATION_FAILED: { statusCode: 400, message: 'The request does not match the schema' },
  INVALID_JSON: { statusCode: 400, message: 'The request body is not valid JSON' },
  PAYLOAD_TOO_LARGE: { statusCode: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { statusCode: 415, message: 'Unsupported content type' },
  RATE_LIMITED: { statusCode: 429, message: 'Too many requests' },
  CONFLICT: { statusCode: 409, message: 'Conflict' },
  CONFIG_INVALID: { statusCode: 500, message: 'Invalid configuration' },
});

export function isFiloError(value: unknown): value is FiloError {
  return value instanceof FiloError;
}
