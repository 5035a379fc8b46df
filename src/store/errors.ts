import { defineErrors } from '../core';

export const StoreErrors = defineErrors({
  STORE_UNAVAILABLE: { statusCode: 503, message: 'The database is not reachable' },
  STORE_MIGRATION_FAILED: { statusCode: 500, message: 'A database migration failed' },
});
