import { defineErrors } from '../core';

export const IdentityErrors = defineErrors({
  AUTH_REQUIRED: { statusCode: 401, message: 'Sign in or send an API key' },
  AUTH_INVALID_CREDENTIALS: { statusCode: 401, message: 'Wrong e-mail or password' },
  AUTH_INVALID_API_KEY: { statusCode: 401, message: 'The API key is not valid' },
  AUTH_SESSION_EXPIRED: { statusCode: 401, message: 'The session has expired; sign in again' },
  AUTH_FORBIDDEN: { statusCode: 403, message: 'Your role does not allow this' },
  AUTH_CSRF_FAILED: { statusCode: 403, message: 'Missing or wrong CSRF token' },
  AUTH_RATE_LIMITED: { statusCode: 429, message: 'Too many sign-in attempts; wait a few minutes' },
  USER_EMAIL_TAKEN: { statusCode: 409, message: 'A user with this e-mail already exists' },
  USER_INVALID: { statusCode: 400, message: 'Invalid user' },
  APIKEY_NOT_FOUND: { statusCode: 404, message: 'No such API key' },
});
