import { newId, type Clock } from '../../core';
import type { Store } from '../../store';
import type { EmailTransport } from './email-provider';
import { header, parseMessage } from './mime';

// The e-mail SANDBOX: without SMTP_URL, composed mail is kept in a table instead of being delivered,
// byte for byte as it would have gone to the relay, for the admin's sandbox outbox. Nothing leaves the
// machine.

export function createSandboxTransport(store: Store, clock: Clock): EmailTransport {
  return {
    async sendRaw(envelope, raw) {
      const parsed = parseMessage(raw);
      await store.db
        .insertInto('email_sandbox_outbox')
        .values({
          id: newId('esb'),
          message_id:
            (parsed === null ? null : header(parsed.headers, 'message-id'))?.replace(/[<>]/g, '') ?? '',
          envelope_from: envelope.from,
          envelope_to: envelope.to,
          subject: (parsed === null ? null : header(parsed.headers, 'subject')) ?? '',
          raw: raw.toString('utf8'),
          created_at: clock.now().toISOString(),
        })
        .execute();
    },
  };
}
