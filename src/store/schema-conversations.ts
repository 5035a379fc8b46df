// Tables of the conversations module (migration 0006). Times are ISO 8601 UTC, JSON is text.

export interface ChannelIdentityTable {
  id: string;
  channel: string;
  /** wa_id, or the business-scoped user id where wa_id is empty. */
  key: string;
  wa_id: string | null;
  user_id: string | null;
  contact_id: string;
  profile_name: string | null;
  /** The last message the person sent: the 24-hour service window runs from here. */
  last_inbound_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ConversationTable {
  id: string;
  contact_id: string;
  channel: string;
  identity_id: string;
  /** assistant | agent */
  mode: string;
  handoff_reason: string | null;
  assigned_user_id: string | null;
  unread_count: number;
  /** The oldest inbound message no one has answered yet. */
  waiting_since: string | null;
  last_message_at: string | null;
  last_preview: string | null;
  created_at: string;
  updated_at: string;
}

export interface MessageTable {
  id: string;
  conversation_id: string;
  contact_id: string;
  channel: string;
  /** in | out */
  direction: string;
  kind: string;
  /** Normalised content (InboundContent, or the outbound message without its address), JSON. */
  content: string;
  /** contact | assistant | system | user:<id> */
  author: string;
  purpose: string | null;
  /** The organisation's sender (WhatsApp phone number id). */
  sender_id: string | null;
  recipient_key: string | null;
  provider_message_id: string | null;
  /** The sender's idempotency key (outbound), unique. */
  dedupe_key: string | null;
  /** in: received | read; out: queued | accepted | sent | delivered | read | played | failed */
  status: string;
  status_at: string;
  error: string | null;
  pricing: string | null;
  send_attempts: number;
  sent_at: string | null;
  created_at: string;
}

export interface MessageStatusEventTable {
  id: string;
  dedupe_key: string;
  provider_message_id: string;
  message_id: string | null;
  status: string;
  occurred_at: string;
  errors: string;
  pricing: string | null;
  conversation: string | null;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  channel: string;
  body_sha256: string;
  raw_body: string;
  received_at: string;
  processed_at: string | null;
  outcome: string | null;
}

export interface ChannelEventKeyTable {
  dedupe_key: string;
  created_at: string;
}

export interface ChannelSenderTable {
  id: string;
  channel: string;
  paused_at: string | null;
  pause_reason: string | null;
  updated_at: string;
}

export interface ConversationNoteTable {
  id: string;
  conversation_id: string;
  author_user_id: string;
  body: string;
  created_at: string;
}

export interface CannedReplyTable {
  id: string;
  title: string;
  body: string;
  language: string;
  created_at: string;
}

export interface ConversationTables {
  channel_identities: ChannelIdentityTable;
  conversations: ConversationTable;
  messages: MessageTable;
  message_status_events: MessageStatusEventTable;
  webhook_deliveries: WebhookDeliveryTable;
  channel_event_keys: ChannelEventKeyTable;
  channel_senders: ChannelSenderTable;
  conversation_notes: ConversationNoteTable;
  canned_replies: CannedReplyTable;
  whatsapp_templates: WhatsAppTemplateTable;
  whatsapp_template_syncs: WhatsAppTemplateSyncTable;
}

// Migration 0014: the WhatsApp template registry.

export interface WhatsAppTemplateTable {
  /** `<account id>:<name>:<language>`. */
  id: string;
  /** The WhatsApp Business Account (WABA) id. */
  account_id: string;
  /** Meta's template id. */
  provider_id: string;
  name: string;
  language: string;
  /** MARKETING | UTILITY | AUTHENTICATION */
  category: string;
  /** APPROVED | PENDING | REJECTED | PAUSED | … ; DELETED once it is no longer listed. */
  status: string;
  /** named | positional */
  parameter_format: string;
  /** TemplateParameterSpec[], JSON. */
  parameters: string;
  /** Quick-reply button labels, JSON. */
  quick_replies: string;
  synced_at: string;
  updated_at: string;
}

export interface WhatsAppTemplateSyncTable {
  account_id: string;
  attempted_at: string;
  succeeded_at: string | null;
  error_code: string | null;
  error_message: string | null;
  /** SkippedTemplate[] of the last successful sync, JSON. */
  skipped: string;
  template_count: number;
}
