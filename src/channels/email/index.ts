// The e-mail adapter: SMTP (nodemailer) or the local sandbox outbox, List-Unsubscribe with RFC 8058
// one-click, inbound replies and delivery status notifications as signed raw MIME, SMTP errors classified.
export {
  createEmailProvider,
  EMAIL_SIGNATURE_HEADER,
  signEmailWebhook,
  type EmailConfig,
  type EmailProvider,
  type EmailSendOptions,
  type EmailTransport,
  type Suppression,
} from './email-provider';
export { EMAIL_CAPABILITIES } from './email-rules';
export { classifySmtpError, isRecipientFailure, SMTP_RETRY_AFTER_MS } from './classify-error';
export { createSmtpTransport, type SmtpTransportOptions } from './smtp-transport';
export { createSandboxTransport } from './sandbox-transport';
export { issueUnsubscribeToken, readUnsubscribeToken } from './unsubscribe';
export { parseMessage, header as mimeHeader } from './mime';
export { readDsn, type DsnReport, type DsnRecipient } from './parse-inbound';
