import { textLength, type OutboundProblem } from '../check-outbound';
import { ChannelErrors, type ChannelErrorCode } from '../errors';
import type {
  ChannelCapabilities,
  FailureDetails,
  OutboundMessage,
  OutboundTemplate,
  TemplateParameters,
} from '../port';

// WhatsApp Cloud API limits, checked before a request goes out so that a broken message is refused here
// with a stable code instead of by Meta with a generic #100 "Invalid parameter". Sources:
// - Interactive reply buttons messages (developers.facebook.com/documentation/business-messaging/whatsapp/
//   messages/interactive-reply-buttons-messages): at most 3 buttons; button title ≤ 20 characters; button
//   id ≤ 256 characters, unique; body ≤ 1024; header text ≤ 60; footer ≤ 60.
// - Interactive list messages (…/messages/interactive-list-messages, and WhatsApp's own Node SDK type
//   docs, whatsapp.github.io/WhatsApp-Nodejs-SDK: RowObject, InteractiveObject): at most 10 rows in total
//   and 10 sections; row id ≤ 200, row title ≤ 24, row description ≤ 72; section title ≤ 24, required
//   when there is more than one section; button label ≤ 20; body ≤ 1024; header (text only) ≤ 60.
// - Text messages: body ≤ 4096 characters. Media captions ≤ 1024; no caption on audio.
export const WHATSAPP_CAPABILITIES: ChannelCapabilities = Object.freeze({
  text: Object.freeze({ maxLength: 4096, linkPreviews: true }),
  buttons: Object.freeze({ max: 3, titleMaxLength: 20, idMaxLength: 256 }),
  lists: Object.freeze({
    maxRows: 10,
    maxSections: 10,
    buttonTextMaxLength: 20,
    sectionTitleMaxLength: 24,
    rowIdMaxLength: 200,
    rowTitleMaxLength: 24,
    rowDescriptionMaxLength: 72,
  }),
  interactive: Object.freeze({ bodyMaxLength: 1024, headerMaxLength: 60, footerMaxLength: 60 }),
  templates: true,
  media: Object.freeze({
    kinds: Object.freeze(['image', 'document', 'audio', 'video'] as const),
    captionMaxLength: 1024,
  }),
  readReceipts: true,
  typingIndicator: true,
  replies: true,
});

// Template rules:
// - Template names: lowercase letters, digits and underscores, at most 512 characters (Template
//   fundamentals, developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview).
// - Language codes: `en`, `it`, `en_US`, `pt_BR`, `zh_HK` (the supported-languages table of the same docs).
// - Named parameters ({{first_name}}): Meta refuses names that are not lowercase letters and underscores
//   ("Parameters using the named format must be … composed of lowercase characters and underscores");
//   digits after the first character are accepted, a leading digit would read as a positional one.
// - Parameter values: not empty, and "Param text cannot have new-line/tab characters or more than 4
//   consecutive spaces" (error 132018, WhatsApp error codes).
// - A text header holds at most 60 characters once filled in, so its one parameter cannot be longer.
// - A template has at most 10 buttons, so at most 10 quick-reply payloads.
const TEMPLATE_NAME = /^[a-z0-9_]{1,512}$/;
const LANGUAGE_CODE = /^[a-z]{2,3}(_[A-Za-z0-9]{2,4})?$/;
const PARAMETER_NAME = /^[a-z_][a-z0-9_]{0,99}$/;
const FORBIDDEN_IN_PARAMETER = /[\n\r\t]| {5}/;
const MAX_TEMPLATE_BUTTONS = 10;

// Recipients: a phone number (E.164 digits, with or without "+", as WhatsApp accepts it in `to`), or a
// business-scoped user id (an ISO country code, a dot, alphanumerics; parents carry ".ENT."), which
// goes in `recipient` instead of `to`.
const PHONE = /^\+?[1-9]\d{6,14}$/;
const BUSINESS_SCOPED_USER_ID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,64}$/;

export function isBusinessScopedUserId(address: string): boolean {
  return BUSINESS_SCOPED_USER_ID.test(address);
}

function problem(code: ChannelErrorCode, details: FailureDetails | null, message?: string): OutboundProblem {
  return { code, message: message ?? ChannelErrors[code].message, details };
}

function checkParameterText(text: string, field: string): OutboundProblem | null {
  if (text.trim() === '') return problem('CHANNEL_TEMPLATE_PARAMETER_INVALID', { field, rule: 'empty' });
  if (FORBIDDEN_IN_PARAMETER.test(text)) {
    return problem(
      'CHANNEL_TEMPLATE_PARAMETER_INVALID',
      { field, rule: 'whitespace' },
      'A template parameter cannot contain new lines, tabs or more than 4 consecutive spaces',
    );
  }
  return null;
}

function checkBodyParameters(body: TemplateParameters): OutboundProblem | null {
  if (body.format === 'positional') {
    for (const [i, text] of body.values.entries()) {
      const found = checkParameterText(text, `body.values[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  const names = new Set<string>();
  for (const [i, { name, text }] of body.values.entries()) {
    if (!PARAMETER_NAME.test(name)) {
      return problem('CHANNEL_TEMPLATE_PARAMETER_INVALID', { field: `body.values[${i}].name`, rule: 'name' });
    }
    if (names.has(name)) {
      return problem('CHANNEL_TEMPLATE_PARAMETER_INVALID', {
        field: `body.values[${i}].name`,
        rule: 'duplicate',
      });
    }
    names.add(name);
    const found = checkParameterText(text, `body.values[${i}].text`);
    if (found !== null) return found;
  }
  return null;
}

function checkTemplate(message: OutboundTemplate): OutboundProblem | null {
  if (!TEMPLATE_NAME.test(message.name)) return problem('CHANNEL_TEMPLATE_NAME_INVALID', { field: 'name' });
  if (!LANGUAGE_CODE.test(message.language))
    return problem('CHANNEL_TEMPLATE_LANGUAGE_INVALID', { field: 'language' });
  const header = message.header;
  if (header !== undefined && header.type === 'text') {
    if (header.name !== undefined && !PARAMETER_NAME.test(header.name)) {
      return problem('CHANNEL_TEMPLATE_PARAMETER_INVALID', { field: 'header.name', rule: 'name' });
    }
    const found = checkParameterText(header.text, 'header.text');
    if (found !== null) return found;
    const length = textLength(header.text);
    if (length > WHATSAPP_CAPABILITIES.interactive.headerMaxLength) {
      return problem('CHANNEL_FIELD_TOO_LONG', {
        field: 'header.text',
        limit: WHATSAPP_CAPABILITIES.interactive.headerMaxLength,
        length,
      });
    }
  }
  if (message.body !== undefined) {
    const found = checkBodyParameters(message.body);
    if (found !== null) return found;
  }
  const payloads = message.quickReplyPayloads ?? [];
  if (payloads.length > MAX_TEMPLATE_BUTTONS) {
    return problem('CHANNEL_TOO_MANY_BUTTONS', { limit: MAX_TEMPLATE_BUTTONS, count: payloads.length });
  }
  for (const [i, payload] of payloads.entries()) {
    if (payload.trim() === '') return problem('CHANNEL_FIELD_EMPTY', { field: `quickReplyPayloads[${i}]` });
  }
  return null;
}

/** WhatsApp's own rules, run after the capability checks every channel shares. */
export function checkWhatsAppRules(message: OutboundMessage): OutboundProblem | null {
  if (message.type === 'mark_read') return null;
  if (!PHONE.test(message.to) && !isBusinessScopedUserId(message.to)) {
    return problem('CHANNEL_RECIPIENT_INVALID', { field: 'to' });
  }
  return message.type === 'template' ? checkTemplate(message) : null;
}
