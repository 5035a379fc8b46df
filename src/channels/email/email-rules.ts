import type { ChannelCapabilities, OutboundMessage } from '../port';
import type { OutboundProblem } from '../check-outbound';

// What an e-mail from Filo can carry: text (plain, so it reads the same in every client), links to
// images and documents, and a reference to the mail it answers. No buttons, lists or templates; no
// read receipts (tracking pixels are not something a nonprofit should send).

export const EMAIL_CAPABILITIES: ChannelCapabilities = Object.freeze({
  text: Object.freeze({ maxLength: 50_000, linkPreviews: false }),
  buttons: false,
  lists: false,
  interactive: Object.freeze({ bodyMaxLength: 50_000, headerMaxLength: 200, footerMaxLength: 1_000 }),
  templates: false,
  media: Object.freeze({ kinds: Object.freeze(['image', 'document'] as const), captionMaxLength: 1_000 }),
  readReceipts: false,
  typingIndicator: false,
  replies: true,
});

export const EMAIL_ADDRESS =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

export function checkEmailRules(message: OutboundMessage): OutboundProblem | null {
  if (message.type === 'mark_read') return null;
  if (message.to.length > 254 || !EMAIL_ADDRESS.test(message.to)) {
    return { code: 'CHANNEL_RECIPIENT_INVALID', message: 'Not an e-mail address', details: { field: 'to' } };
  }
  if (message.type === 'media' && !('link' in message.source)) {
    return {
      code: 'CHANNEL_MEDIA_SOURCE_INVALID',
      message: 'E-mail media must be https links',
      details: { field: 'source' },
    };
  }
  return null;
}
