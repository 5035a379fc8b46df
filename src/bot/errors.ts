import { defineErrors } from '../core';

// The assistant's error catalogue. Codes are stable; a retired code is never reused.
export const BotErrors = defineErrors({
  BOT_EXAMPLE_DUPLICATE: { statusCode: 409, message: 'This phrase is already an example in this language' },
  BOT_EXAMPLE_NOT_FOUND: { statusCode: 404, message: 'No such example' },
  BOT_EXAMPLE_INVALID: {
    statusCode: 400,
    message: 'An example needs 1–300 characters of text with at least one letter',
  },
  BOT_NOT_READY: { statusCode: 503, message: 'The assistant is still training' },
});
