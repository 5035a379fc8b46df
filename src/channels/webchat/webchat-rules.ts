import type { ChannelCapabilities, OutboundMessage } from '../port';
import type { OutboundProblem } from '../check-outbound';

// What the web chat widget can show. Buttons and lists are rendered as clickable chips; there are no
// templates and no 24-hour window (the visitor's browser takes any reply, now or when it reconnects).

export const WEBCHAT_CAPABILITIES: ChannelCapabilities = Object.freeze({
  text: Object.freeze({ maxLength: 4096, linkPreviews: false }),
  buttons: Object.freeze({ max: 10, titleMaxLength: 40, idMaxLength: 256 }),
  lists: Object.freeze({
    maxRows: 30,
    maxSections: 10,
    buttonTextMaxLength: 40,
    sectionTitleMaxLength: 60,
    rowIdMaxLength: 256,
    rowTitleMaxLength: 60,
    rowDescriptionMaxLength: 120,
  }),
  interactive: Object.freeze({ bodyMaxLength: 4096, headerMaxLength: 120, footerMaxLength: 120 }),
  templates: false,
  media: Object.freeze({ kinds: Object.freeze(['image', 'document'] as const), captionMaxLength: 1024 }),
  readReceipts: true,
  typingIndicator: true,
  replies: true,
});

/** Web chat session ids as the gateway makes them (`wcs_…`). */
export const SESSION_ID = /^wcs_[A-Za-z0-9_-]{8,64}$/;

/** Rules beyond the capabilities: recipients are sessions, and media must be links the browser can load. */
export function checkWebchatRules(message: OutboundMessage): OutboundProblem | null {
  if (message.type === 'mark_read') return null;
  if (!SESSION_ID.test(message.to)) {
    return {
      code: 'CHANNEL_RECIPIENT_INVALID',
      message: 'A web chat recipient is a session id (wcs_…)',
      details: { field: 'to' },
    };
  }
  const source =
    message.type === 'media'
      ? message.source
      : message.type === 'buttons' && message.header !== undefined && message.header.type !== 'text'
        ? message.header.source
        : null;
  if (source !== null && !('link' in source)) {
    return {
      code: 'CHANNEL_MEDIA_SOURCE_INVALID',
      message: 'Web chat media must be https links',
      details: { field: 'source' },
    };
  }
  return null;
}
