import { ChannelErrors, type ChannelErrorCode } from './errors';
import type {
  ChannelCapabilities,
  FailureDetails,
  InteractiveHeader,
  MediaKind,
  MediaSource,
  OutboundButtons,
  OutboundList,
  OutboundMedia,
  OutboundMessage,
  OutboundTemplate,
  SendFailure,
} from './port';

// The checks every adapter runs before it sends, driven by its capabilities rather than by its name, so
// that a message one channel refuses is refused the same way (same code) by every channel with the same
// limits. Adapter-specific rules (recipient formats, template naming) come after these, in the adapter.

export interface OutboundProblem {
  readonly code: ChannelErrorCode;
  readonly message: string;
  readonly details: FailureDetails | null;
}

/** Characters as a person counts them: Unicode code points, so '🙏' is one, not two UTF-16 units. */
export function textLength(text: string): number {
  return [...text].length;
}

function problem(
  code: ChannelErrorCode,
  details: FailureDetails | null = null,
  message?: string,
): OutboundProblem {
  return { code, message: message ?? ChannelErrors[code].message, details };
}

/** A required text: present, not blank, and within `limit`. */
function requiredText(value: string, field: string, limit: number): OutboundProblem | null {
  if (value.trim() === '') return problem('CHANNEL_FIELD_EMPTY', { field });
  return optionalText(value, field, limit);
}

function optionalText(value: string | undefined, field: string, limit: number): OutboundProblem | null {
  if (value === undefined) return null;
  const length = textLength(value);
  if (length > limit) {
    return problem(
      'CHANNEL_FIELD_TOO_LONG',
      { field, limit, length },
      `${field} is ${length} characters; the limit is ${limit}`,
    );
  }
  return null;
}

function unsupported(what: string): OutboundProblem {
  return problem('CHANNEL_MESSAGE_UNSUPPORTED', { what }, `This channel cannot send ${what}`);
}

function mediaAllowed(kind: MediaKind, caps: ChannelCapabilities): boolean {
  return caps.media !== false && caps.media.kinds.includes(kind);
}

function checkSource(source: MediaSource, field: string): OutboundProblem | null {
  if ('link' in source) {
    // The provider fetches the file itself; only https keeps the organisation's files off plain text.
    let url: URL | null = null;
    try {
      url = new URL(source.link);
    } catch {
      url = null;
    }
    if (url === null || url.protocol !== 'https:') return problem('CHANNEL_MEDIA_SOURCE_INVALID', { field });
    return null;
  }
  if (source.id.trim() === '') return problem('CHANNEL_MEDIA_SOURCE_INVALID', { field });
  return null;
}

function checkMedia(message: OutboundMedia, caps: ChannelCapabilities): OutboundProblem | null {
  if (caps.media === false || !mediaAllowed(message.kind, caps))
    return unsupported(`${message.kind} messages`);
  if (message.caption !== undefined && message.kind === 'audio') return unsupported('a caption on audio');
  if (message.filename !== undefined && message.kind !== 'document')
    return unsupported(`a file name on ${message.kind}`);
  return (
    checkSource(message.source, 'source') ??
    optionalText(message.caption, 'caption', caps.media.captionMaxLength) ??
    (message.filename !== undefined && message.filename.trim() === ''
      ? problem('CHANNEL_FIELD_EMPTY', { field: 'filename' })
      : null)
  );
}

function checkHeader(
  header: InteractiveHeader | undefined,
  caps: ChannelCapabilities,
): OutboundProblem | null {
  if (header === undefined) return null;
  if (header.type === 'text') return requiredText(header.text, 'header', caps.interactive.headerMaxLength);
  if (!mediaAllowed(header.type, caps)) return unsupported(`${header.type} headers`);
  return checkSource(header.source, 'header.source');
}

function checkInteractiveText(
  message: { readonly body: string; readonly footer?: string | undefined },
  caps: ChannelCapabilities,
): OutboundProblem | null {
  return (
    requiredText(message.body, 'body', caps.interactive.bodyMaxLength) ??
    (message.footer === undefined
      ? null
      : requiredText(message.footer, 'footer', caps.interactive.footerMaxLength))
  );
}

function checkButtons(message: OutboundButtons, caps: ChannelCapabilities): OutboundProblem | null {
  const limits = caps.buttons;
  if (limits === false) return unsupported('reply buttons');
  if (message.buttons.length === 0) return problem('CHANNEL_FIELD_EMPTY', { field: 'buttons' });
  if (message.buttons.length > limits.max) {
    return problem(
      'CHANNEL_TOO_MANY_BUTTONS',
      { limit: limits.max, count: message.buttons.length },
      `A message can carry at most ${limits.max} reply buttons`,
    );
  }
  const seen = new Set<string>();
  for (const [i, button] of message.buttons.entries()) {
    const found =
      requiredText(button.id, `buttons[${i}].id`, limits.idMaxLength) ??
      requiredText(button.title, `buttons[${i}].title`, limits.titleMaxLength);
    if (found !== null) return found;
    if (seen.has(button.id))
      return problem('CHANNEL_DUPLICATE_ID', { field: `buttons[${i}].id`, id: button.id });
    seen.add(button.id);
  }
  return checkInteractiveText(message, caps) ?? checkHeader(message.header, caps);
}

function checkList(message: OutboundList, caps: ChannelCapabilities): OutboundProblem | null {
  const limits = caps.lists;
  if (limits === false) return unsupported('lists');
  if (message.sections.length === 0) return problem('CHANNEL_FIELD_EMPTY', { field: 'sections' });
  if (message.sections.length > limits.maxSections) {
    return problem('CHANNEL_TOO_MANY_LIST_SECTIONS', {
      limit: limits.maxSections,
      count: message.sections.length,
    });
  }
  const rows = message.sections.reduce((sum, section) => sum + section.rows.length, 0);
  if (rows > limits.maxRows) {
    return problem(
      'CHANNEL_TOO_MANY_LIST_ROWS',
      { limit: limits.maxRows, count: rows },
      `A list can hold at most ${limits.maxRows} rows in total, across its sections`,
    );
  }
  const seen = new Set<string>();
  for (const [s, section] of message.sections.entries()) {
    if (section.rows.length === 0) return problem('CHANNEL_FIELD_EMPTY', { field: `sections[${s}].rows` });
    if (section.title === undefined && message.sections.length > 1) {
      return problem('CHANNEL_SECTION_TITLE_REQUIRED', { field: `sections[${s}].title` });
    }
    const titleProblem =
      section.title === undefined
        ? null
        : requiredText(section.title, `sections[${s}].title`, limits.sectionTitleMaxLength);
    if (titleProblem !== null) return titleProblem;
    for (const [r, row] of section.rows.entries()) {
      const field = `sections[${s}].rows[${r}]`;
      const found =
        requiredText(row.id, `${field}.id`, limits.rowIdMaxLength) ??
        requiredText(row.title, `${field}.title`, limits.rowTitleMaxLength) ??
        optionalText(row.description, `${field}.description`, limits.rowDescriptionMaxLength);
      if (found !== null) return found;
      if (seen.has(row.id)) return problem('CHANNEL_DUPLICATE_ID', { field: `${field}.id`, id: row.id });
      seen.add(row.id);
    }
  }
  return (
    requiredText(message.buttonText, 'buttonText', limits.buttonTextMaxLength) ??
    checkInteractiveText(message, caps) ??
    (message.header === undefined
      ? null
      : requiredText(message.header, 'header', caps.interactive.headerMaxLength))
  );
}

function checkTemplate(message: OutboundTemplate, caps: ChannelCapabilities): OutboundProblem | null {
  if (!caps.templates) return unsupported('templates');
  if (message.name.trim() === '') return problem('CHANNEL_TEMPLATE_NAME_INVALID', { field: 'name' });
  if (message.language.trim() === '')
    return problem('CHANNEL_TEMPLATE_LANGUAGE_INVALID', { field: 'language' });
  const header = message.header;
  if (header !== undefined && header.type !== 'text') {
    if (!mediaAllowed(header.type, caps)) return unsupported(`${header.type} headers`);
    return checkSource(header.source, 'header.source');
  }
  return null;
}

const MESSAGE_TYPES: ReadonlySet<string> = new Set<OutboundMessage['type']>([
  'text',
  'media',
  'buttons',
  'list',
  'template',
  'mark_read',
]);

/** The first problem that would make the channel refuse this message, or null when it may be sent. */
export function checkOutboundMessage(
  message: OutboundMessage,
  caps: ChannelCapabilities,
): OutboundProblem | null {
  // Messages reach adapters through job payloads (JSON): an unknown type is refused, not crashed on.
  if (typeof message !== 'object' || message === null) return unsupported('this value');
  const type: unknown = (message as { readonly type?: unknown }).type;
  if (typeof type !== 'string' || !MESSAGE_TYPES.has(type)) {
    return unsupported(`messages of type ${JSON.stringify(type) ?? 'undefined'}`);
  }
  if (message.type === 'mark_read') {
    if (!caps.readReceipts) return unsupported('read receipts');
    if (message.typing === true && !caps.typingIndicator) return unsupported('a typing indicator');
    if (message.messageId.trim() === '') return problem('CHANNEL_FIELD_EMPTY', { field: 'messageId' });
    return null;
  }
  if (message.to.trim() === '') return problem('CHANNEL_RECIPIENT_INVALID', { field: 'to' });
  if (message.replyTo !== undefined && message.replyTo.trim() === '') {
    return problem('CHANNEL_FIELD_EMPTY', { field: 'replyTo' });
  }
  switch (message.type) {
    case 'text':
      return requiredText(message.body, 'body', caps.text.maxLength);
    case 'media':
      return checkMedia(message, caps);
    case 'buttons':
      return checkButtons(message, caps);
    case 'list':
      return checkList(message, caps);
    case 'template':
      return checkTemplate(message, caps);
  }
}

/** A refused message as the send failure the outbound worker reads. */
export function invalidMessage(found: OutboundProblem): SendFailure {
  return {
    kind: 'invalid_message',
    retry: false,
    code: found.code,
    message: found.message,
    providerCode: null,
    httpStatus: null,
    details: found.details,
  };
}
