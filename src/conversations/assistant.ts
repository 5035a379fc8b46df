import type { ChannelKind, InboundContent, OutboundMessage } from '../channels';

// The hook between conversations and the assistant (src/bot). The conversations module looks up
// `deps.modules.get('bot')?.service` when a message arrives in a conversation the assistant is
// handling, and calls `handleInbound` once per inbound message (from a job: it may be retried after a
// crash, so it should not have side effects of its own beyond its answer).

/** An outbound message without its address: the conversations module knows where it goes. */
export type OutboundDraft = OutboundMessage extends infer M
  ? M extends { readonly type: 'mark_read' }
    ? never
    : M extends { readonly to: string }
      ? Omit<M, 'to'>
      : never
  : never;

export interface AssistantInboundMessage {
  readonly messageId: string;
  readonly conversationId: string;
  readonly contactId: string;
  /** The channel the supporter wrote on (the reply goes back on it; its capabilities shape the answer). */
  readonly channel: ChannelKind;
  /** The supporter's language (it, en, de, es, fr). */
  readonly language: string;
  /** The text of a text message, a button's or list row's title, a caption; null otherwise. */
  readonly text: string | null;
  readonly content: InboundContent;
  /** ISO 8601 UTC. */
  readonly receivedAt: string;
}

export type AssistantDecision =
  /** Answer with these messages (in order), inside the service window. */
  | { readonly kind: 'reply'; readonly messages: readonly OutboundDraft[] }
  /** Hand the conversation to a person, saying why (shown in the inbox); optionally tell the supporter. */
  | { readonly kind: 'handoff'; readonly reason: string; readonly messages?: readonly OutboundDraft[] }
  /** Nothing to say (a reaction, say). */
  | { readonly kind: 'none' };

export interface ConversationAssistant {
  handleInbound(message: AssistantInboundMessage): Promise<AssistantDecision>;
}

export function isConversationAssistant(value: unknown): value is ConversationAssistant {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { handleInbound?: unknown }).handleInbound === 'function'
  );
}

/** The text a person would read in a message, for previews and for the assistant. */
export function textOf(content: InboundContent): string | null {
  switch (content.kind) {
    case 'text':
      return content.body;
    case 'button_reply':
    case 'list_reply':
      return content.title;
    case 'template_button':
      return content.text;
    case 'image':
    case 'document':
    case 'audio':
    case 'video':
    case 'sticker':
      return content.media.caption;
    case 'location':
      return content.name ?? content.address;
    case 'reaction':
      return content.emoji;
    case 'reaction_removed':
    case 'system':
    case 'unsupported':
      return null;
  }
}
