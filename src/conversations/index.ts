// The conversations module owns threads and messages per supporter and channel, the 24-hour service
// window, consent-aware outbound sending (paced per sender number), the WhatsApp webhook, the shared
// inbox and the handoff between the assistant and people.
export {
  conversationsModule,
  createConversationsModule,
  SANDBOX_PREFIX,
  type ConversationsModuleOptions,
} from './module';
export { ConversationErrors } from './errors';
export { ConversationsService, type MessageInput, type SendOptions } from './service';
export { OutboundDispatcher, SEND_JOB, type DispatchOutcome } from './dispatcher';
export { SenderPacer, type PacerAttempt, type PacerOptions, type PacerSlot } from './pacer';
export { LiveHub } from './live';
export {
  TemplateRegistry,
  TEMPLATE_SYNC_JOB,
  type StoredTemplate,
  type TemplateSource,
  type TemplateSyncState,
  type TemplateSyncSummary,
  type TemplateVerdict,
} from './templates';
export { stopWordLanguage } from './stop-words';
export type { QueuedMessage, Author } from './outbound';
export type {
  AssistantDecision,
  AssistantInboundMessage,
  ConversationAssistant,
  OutboundDraft,
} from './assistant';

import type { ChannelKind } from '../channels';
import type { Purpose } from '../contacts';
import type { OutboundDraft } from './assistant';
import type { Author, QueuedMessage } from './outbound';
import type { MessageInput } from './service';

/** What `deps.modules.get('conversations')?.service` is, for other modules. */
export interface ConversationsApi {
  sendToContact(
    contactId: string,
    message: MessageInput,
    options: {
      readonly purpose: Purpose;
      readonly fallbackTemplate?: Extract<OutboundDraft, { type: 'template' }>;
      readonly author?: Author;
      /** Idempotency key: the same key never sends a second message. */
      readonly dedupeKey?: string;
      /** The channel to send on (default WhatsApp). */
      readonly channel?: ChannelKind;
      /** A transactional service e-mail (a gift's thank-you): sent without prior consent unless withdrawn. */
      readonly transactional?: boolean;
    },
  ): Promise<QueuedMessage>;
  reply(conversationId: string, message: MessageInput, author: Author): Promise<QueuedMessage>;
  handoff(conversationId: string, reason: string): Promise<void>;
  returnToAssistant(conversationId: string): Promise<void>;
}
