import type {
  InteractiveHeader,
  MediaSource,
  OutboundButtons,
  OutboundList,
  OutboundMessage,
  OutboundTemplate,
  TemplateHeaderParameter,
} from '../port';
import { isBusinessScopedUserId } from './whatsapp-rules';

// The JSON bodies of POST /{phone-number-id}/messages, exactly as Meta documents them (the tests pin
// them against Meta's own examples). Optional keys are left out rather than sent as null, since the
// Graph API refuses unknown or null parameters. Messages are assumed checked (checkOutboundMessage).

export type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };
type JsonObject = { readonly [key: string]: Json };

function media(source: MediaSource, extra: JsonObject = {}): JsonObject {
  return 'link' in source ? { link: source.link, ...extra } : { id: source.id, ...extra };
}

/** A phone number goes in `to`; a business-scoped user id in `recipient` (the BSUID send path). */
function envelope(to: string, replyTo: string | undefined): JsonObject {
  const address: JsonObject = isBusinessScopedUserId(to) ? { recipient: to } : { to };
  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    ...address,
    ...(replyTo === undefined ? {} : { context: { message_id: replyTo } }),
  };
}

function interactiveHeader(header: InteractiveHeader): JsonObject {
  if (header.type === 'text') return { type: 'text', text: header.text };
  return { type: header.type, [header.type]: media(header.source) };
}

function footer(text: string | undefined): JsonObject {
  return text === undefined ? {} : { footer: { text } };
}

function buttonsBody(message: OutboundButtons): JsonObject {
  return {
    type: 'button',
    ...(message.header === undefined ? {} : { header: interactiveHeader(message.header) }),
    body: { text: message.body },
    ...footer(message.footer),
    action: {
      buttons: message.buttons.map((button) => ({
        type: 'reply',
        reply: { id: button.id, title: button.title },
      })),
    },
  };
}

function listBody(message: OutboundList): JsonObject {
  return {
    type: 'list',
    ...(message.header === undefined ? {} : { header: { type: 'text', text: message.header } }),
    body: { text: message.body },
    ...footer(message.footer),
    action: {
      button: message.buttonText,
      sections: message.sections.map((section) => ({
        ...(section.title === undefined ? {} : { title: section.title }),
        rows: section.rows.map((row) => ({
          id: row.id,
          title: row.title,
          ...(row.description === undefined ? {} : { description: row.description }),
        })),
      })),
    },
  };
}

function templateHeader(header: TemplateHeaderParameter): JsonObject {
  if (header.type === 'text') {
    return {
      type: 'header',
      parameters: [
        {
          type: 'text',
          ...(header.name === undefined ? {} : { parameter_name: header.name }),
          text: header.text,
        },
      ],
    };
  }
  return { type: 'header', parameters: [{ type: header.type, [header.type]: media(header.source) }] };
}

function templateBody(message: OutboundTemplate): JsonObject {
  const components: JsonObject[] = [];
  if (message.header !== undefined) components.push(templateHeader(message.header));
  const body = message.body;
  if (body !== undefined && body.values.length > 0) {
    const parameters: Json[] =
      body.format === 'named'
        ? body.values.map(({ name, text }) => ({ type: 'text', parameter_name: name, text }))
        : body.values.map((text) => ({ type: 'text', text }));
    components.push({ type: 'body', parameters });
  }
  for (const [index, payload] of (message.quickReplyPayloads ?? []).entries()) {
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(index),
      parameters: [{ type: 'payload', payload }],
    });
  }
  return {
    name: message.name,
    language: { code: message.language },
    ...(components.length === 0 ? {} : { components }),
  };
}

export function buildMessageBody(message: OutboundMessage): JsonObject {
  switch (message.type) {
    case 'mark_read':
      return {
        messaging_product: 'whatsapp',
        status: 'read',
        message_id: message.messageId,
        ...(message.typing === true ? { typing_indicator: { type: 'text' } } : {}),
      };
    case 'text':
      return {
        ...envelope(message.to, message.replyTo),
        type: 'text',
        text: { preview_url: message.previewUrl === true, body: message.body },
      };
    case 'media': {
      const extra: JsonObject = {
        ...(message.caption === undefined ? {} : { caption: message.caption }),
        ...(message.filename === undefined ? {} : { filename: message.filename }),
      };
      return {
        ...envelope(message.to, message.replyTo),
        type: message.kind,
        [message.kind]: media(message.source, extra),
      };
    }
    case 'buttons':
      return {
        ...envelope(message.to, message.replyTo),
        type: 'interactive',
        interactive: buttonsBody(message),
      };
    case 'list':
      return {
        ...envelope(message.to, message.replyTo),
        type: 'interactive',
        interactive: listBody(message),
      };
    case 'template':
      return { ...envelope(message.to, message.replyTo), type: 'template', template: templateBody(message) };
  }
}
