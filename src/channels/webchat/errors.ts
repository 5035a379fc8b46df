import { defineErrors } from '../../core';

// Web chat's own codes: what the widget is told in an `error` frame (or a refused upgrade). Stable: a
// retired code is never reused. Close codes (4xxx) mirror HTTP statuses so logs read alike.
export const WebchatErrors = defineErrors({
  WEBCHAT_DISABLED: { statusCode: 404, message: 'Web chat is not enabled on this server' },
  WEBCHAT_ORIGIN_FORBIDDEN: { statusCode: 403, message: 'This web site may not embed the chat' },
  WEBCHAT_ORG_UNKNOWN: { statusCode: 404, message: 'No organisation with this id here' },
  WEBCHAT_FRAME_INVALID: { statusCode: 400, message: 'The frame is not JSON or not a frame of the protocol' },
  WEBCHAT_HELLO_REQUIRED: { statusCode: 400, message: 'The first frame must be hello' },
  WEBCHAT_HELLO_TIMEOUT: { statusCode: 408, message: 'No hello frame in time' },
  WEBCHAT_TOKEN_INVALID: { statusCode: 401, message: 'The session token is not valid; start a new session' },
  WEBCHAT_MESSAGE_EMPTY: { statusCode: 400, message: 'The message has no text and no choice' },
  WEBCHAT_MESSAGE_TOO_LONG: { statusCode: 413, message: 'The message is longer than the chat allows' },
  WEBCHAT_EMAIL_INVALID: { statusCode: 400, message: 'The e-mail address is not valid' },
  WEBCHAT_RATE_LIMITED: { statusCode: 429, message: 'Too many messages; the widget sends it again shortly' },
  WEBCHAT_FLOODED: { statusCode: 429, message: 'Too many frames on this connection' },
  EMAIL_UNSUBSCRIBE_TOKEN_INVALID: { statusCode: 400, message: 'The unsubscribe link is not valid' },
  WEBCHAT_UNAVAILABLE: { statusCode: 503, message: 'The message could not be stored; it will be sent again' },
});

export type WebchatErrorCode = keyof typeof WebchatErrors;

/** WebSocket close codes (private range 4000–4999). */
export const CLOSE = Object.freeze({
  frameInvalid: 4400,
  tokenInvalid: 4401,
  orgUnknown: 4404,
  helloTimeout: 4408,
  flooded: 4429,
});
