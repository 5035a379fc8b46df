import { defineErrors } from '../core';

export const TransparencyErrors = defineErrors({
  LOG_ENTRY_NOT_FOUND: { statusCode: 404, message: 'No such log entry' },
  LOG_ENTRY_NOT_INTEGRATED: {
    statusCode: 409,
    message: 'The entry is not covered by a checkpoint yet; try again in a few seconds',
  },
  LOG_TILE_NOT_FOUND: { statusCode: 404, message: 'No such tile' },
  LOG_BAD_RANGE: { statusCode: 400, message: 'Invalid tree sizes' },
  LOG_ENTRY_TOO_LARGE: { statusCode: 500, message: 'A log entry exceeds 65535 bytes' },
  LOG_KEY_INVALID: { statusCode: 500, message: 'The log signing key is invalid' },
});
