import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { CoreErrors, FiloError, isFiloError, type ErrorSpec } from '../core';
import type { ErrorBody } from './schemas';

// One place turns every failure into the same error body with a stable code. Fastify's own errors
// (validation, parsing, body size) are mapped to Filo codes; unknown throws become INTERNAL and are
// logged with their cause, never shown to the caller.

const FASTIFY_CODES: Readonly<Record<string, ErrorSpec>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: CoreErrors.INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: CoreErrors.INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: CoreErrors.PAYLOAD_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: CoreErrors.UNSUPPORTED_MEDIA_TYPE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: CoreErrors.VALIDATION_FAILED,
  FST_ERR_VALIDATION: CoreErrors.VALIDATION_FAILED,
};

const REASONS: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

export function errorBody(
  request: FastifyRequest,
  statusCode: number,
  code: string,
  message: string,
  details?: unknown,
): ErrorBody {
  return {
    statusCode,
    code,
    error: REASONS[statusCode] ?? 'Error',
    message,
    requestId: String(request.id),
    ...(details === undefined ? {} : { details }),
  };
}

function toFiloError(error: unknown): FiloError {
  if (isFiloError(error)) return error;
  const fe = error as Partial<FastifyError> | undefined;
  if (fe && typeof fe === 'object') {
    if (fe.validation) {
      return new FiloError(CoreErrors.VALIDATION_FAILED, {
        message: fe.message ?? CoreErrors.VALIDATION_FAILED.message,
        details: fe.validation.map((v) => ({
          path: v.instancePath || '/',
          message: v.message,
          keyword: v.keyword,
        })),
      });
    }
    const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
    if (mapped) return new FiloError(mapped, { cause: error });
    const ownCode =
      typeof fe.code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(fe.code) && !fe.code.startsWith('FST_');
    if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
      if (ownCode) {
        return new FiloError(
          { code: fe.code as string, statusCode: fe.statusCode, message: fe.message ?? 'Bad request' },
          { cause: error },
        );
      }
      if (fe.statusCode === 429) return new FiloError(CoreErrors.RATE_LIMITED, { cause: error });
      return new FiloError(
        { code: 'BAD_REQUEST', statusCode: fe.statusCode, message: fe.message ?? 'Bad request' },
        { cause: error },
      );
    }
  }
  return new FiloError(CoreErrors.INTERNAL, { cause: error });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: unknown, request: FastifyRequest, reply: FastifyReply) => {
    const filo = toFiloError(error);
    if (filo.statusCode >= 500) {
      request.log.error({ err: error, code: filo.code }, 'request failed');
    } else {
      request.log.info({ code: filo.code }, 'request rejected');
    }
    void reply
      .status(filo.statusCode)
      .type('application/json; charset=utf-8')
      .send(errorBody(request, filo.statusCode, filo.code, filo.message, filo.details));
  });
}
