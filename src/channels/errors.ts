import { defineErrors } from '../core';

// The channels module's catalogue. Codes are shared by every adapter, so that the webhook route, the
// outbound worker and the contract suite can act on a code without knowing which channel raised it.
// Codes are stable: a retired code is never reused.
export const ChannelErrors = defineErrors({
  // Configuration (mapped from the environment elsewhere; checked once, when the adapter is built).
  CHANNEL_CONFIG_INVALID: { statusCode: 500, message: 'Invalid channel configuration' },

  // Webhook authenticity, checked over the raw bytes before anything is parsed.
  CHANNEL_SIGNATURE_MISSING: { statusCode: 401, message: 'The webhook signature header is missing' },
  CHANNEL_SIGNATURE_MALFORMED: { statusCode: 401, message: 'The webhook signature header is malformed' },
  CHANNEL_SIGNATURE_INVALID: { statusCode: 401, message: 'The webhook signature does not match the body' },

  // Webhook subscription handshake (Meta's GET with hub.mode, hub.verify_token, hub.challenge).
  CHANNEL_CHALLENGE_MODE_INVALID: { statusCode: 400, message: 'hub.mode must be "subscribe"' },
  CHANNEL_CHALLENGE_MISSING: { statusCode: 400, message: 'hub.challenge is missing or malformed' },
  CHANNEL_VERIFY_TOKEN_INVALID: { statusCode: 403, message: 'hub.verify_token does not match' },

  // Inbound payloads.
  CHANNEL_PAYLOAD_NOT_JSON: { statusCode: 400, message: 'The webhook body is not valid JSON' },
  CHANNEL_PAYLOAD_INVALID: { statusCode: 400, message: 'The webhook body does not have the expected shape' },

  // Outbound messages refused before anything is sent: the content breaks the channel's limits.
  CHANNEL_MESSAGE_UNSUPPORTED: { statusCode: 400, message: 'This channel cannot send this kind of message' },
  CHANNEL_RECIPIENT_INVALID: {
    statusCode: 400,
    message: 'The recipient address is not valid on this channel',
  },
  CHANNEL_FIELD_EMPTY: { statusCode: 400, message: 'A required text of the message is empty' },
  CHANNEL_FIELD_TOO_LONG: {
    statusCode: 400,
    message: 'A text of the message is longer than the channel allows',
  },
  CHANNEL_TOO_MANY_BUTTONS: {
    statusCode: 400,
    message: 'The message has more buttons than the channel allows',
  },
  CHANNEL_TOO_MANY_LIST_ROWS: { statusCode: 400, message: 'The list has more rows than the channel allows' },
  CHANNEL_TOO_MANY_LIST_SECTIONS: {
    statusCode: 400,
    message: 'The list has more sections than the channel allows',
  },
  CHANNEL_DUPLICATE_ID: { statusCode: 400, message: 'Two buttons or list rows share an id' },
  CHANNEL_SECTION_TITLE_REQUIRED: {
    statusCode: 400,
    message: 'A list with several sections needs a title on each',
  },
  CHANNEL_MEDIA_SOURCE_INVALID: {
    statusCode: 400,
    message: 'A media link must be an https URL, or a media id',
  },
  CHANNEL_TEMPLATE_NAME_INVALID: { statusCode: 400, message: 'Invalid template name' },
  CHANNEL_TEMPLATE_LANGUAGE_INVALID: { statusCode: 400, message: 'Invalid template language code' },
  CHANNEL_TEMPLATE_PARAMETER_INVALID: { statusCode: 400, message: 'Invalid template parameter' },

  // The provider's side.
  CHANNEL_SEND_FAILED: {
    statusCode: 502,
    message: 'The channel provider refused or did not answer the request',
  },
  CHANNEL_PROVIDER_RESPONSE_INVALID: {
    statusCode: 502,
    message: 'The channel provider answered with an unexpected body',
  },
  CHANNEL_TEMPLATE_SYNC_FAILED: {
    statusCode: 502,
    message: 'Could not read the message templates from the provider',
  },
});

export type ChannelErrorCode = keyof typeof ChannelErrors;
