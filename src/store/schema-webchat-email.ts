// Tables of the web chat and e-mail channels (migration 0012). Times are ISO 8601 UTC, JSON is text.

export interface WebchatSessionTable {
  id: string;
  language: string;
  origin: string;
  email: string | null;
  contact_id: string | null;
  /** The sequence number the next reply to this visitor gets. */
  next_seq: number;
  created_at: string;
  last_seen_at: string;
}

export interface WebchatInboundTable {
  /** Filo's id of the visitor's message (the provider message id conversations sees). */
  id: string;
  session_id: string;
  /** The id the visitor's browser generated: a resend with the same id is the same message. */
  client_id: string;
  created_at: string;
}

export interface WebchatOutboundTable {
  id: string;
  session_id: string;
  seq: number;
  /** The reply frame as JSON. */
  frame: string;
  /** queued | delivered | read */
  status: string;
  created_at: string;
  delivered_at: string | null;
  read_at: string | null;
}

export interface ChannelInboundPendingTable {
  id: string;
  channel: string;
  body_key: string;
  raw_body: string;
  created_at: string;
  handed_off_at: string | null;
}

export interface EmailSuppressionTable {
  address: string;
  /** unsubscribe | bounce */
  reason: string;
  detail: string;
  created_at: string;
}

export interface EmailBounceTable {
  dedupe_key: string;
  message_id: string;
  recipient: string;
  /** permanent | transient */
  kind: string;
  smtp_status: string;
  diagnostic: string | null;
  created_at: string;
}

export interface EmailSandboxOutboxTable {
  id: string;
  message_id: string;
  envelope_from: string;
  envelope_to: string;
  subject: string;
  raw: string;
  created_at: string;
}

export interface ChannelSecretTable {
  name: string;
  value: string;
  created_at: string;
}

export interface WebchatEmailTables {
  webchat_sessions: WebchatSessionTable;
  webchat_inbound: WebchatInboundTable;
  webchat_outbound: WebchatOutboundTable;
  channel_inbound_pending: ChannelInboundPendingTable;
  email_suppressions: EmailSuppressionTable;
  email_bounces: EmailBounceTable;
  email_sandbox_outbox: EmailSandboxOutboxTable;
  channel_secrets: ChannelSecretTable;
}
