import { defineErrors } from '../core';

// The conversations module's catalogue. Codes are stable: a retired code is never reused.
export const ConversationErrors = defineErrors({
  CONVERSATION_NOT_FOUND: { statusCode: 404, message: 'No such conversation' },
  CONVERSATION_CHANNEL_NOT_CONFIGURED: {
    statusCode: 404,
    message: 'This channel is not configured on this server',
  },
  CONVERSATION_NO_CHANNEL: {
    statusCode: 409,
    message: 'The supporter has no address on a channel Filo can send to',
  },
  CONVERSATION_CONSENT_MISSING: {
    statusCode: 409,
    message: 'The supporter has not consented to messages of this purpose on this channel',
  },
  CONVERSATION_WINDOW_CLOSED: {
    statusCode: 409,
    message: 'The 24-hour service window is closed: only an approved template may be sent',
  },
  CONVERSATION_MESSAGE_INVALID: { statusCode: 400, message: 'The message breaks the channel’s limits' },
  CONVERSATION_USER_NOT_FOUND: { statusCode: 400, message: 'No such agent' },
  CONVERSATION_CANNED_REPLY_NOT_FOUND: { statusCode: 404, message: 'No such canned reply' },
  CONVERSATION_WEBHOOK_UNHANDLED: { statusCode: 400, message: 'The webhook delivery could not be processed' },
  CONVERSATION_TEMPLATE_UNKNOWN: {
    statusCode: 400,
    message: 'No WhatsApp template of this name and language in the registry',
  },
  CONVERSATION_TEMPLATE_NOT_APPROVED: {
    statusCode: 409,
    message: 'The WhatsApp template is not approved (pending, rejected, paused or disabled)',
  },
  CONVERSATION_TEMPLATE_INVALID: {
    statusCode: 400,
    message: 'The message does not fill the template’s parameters as it defines them',
  },
  CONVERSATION_TEMPLATES_UNAVAILABLE: {
    statusCode: 503,
    message: 'The WhatsApp template list could not be read from the Graph API',
  },
});
