import nodemailer from 'nodemailer';
import type { EmailTransport } from './email-provider';

// SMTP through nodemailer, configured by one URL: smtp://user:pass@host:587 (STARTTLS when offered),
// smtps://…:465 (TLS from the start). The composed bytes are sent as they are (`raw`), so what the
// tests pin is what the server gets.

export interface SmtpTransportOptions {
  /** Milliseconds to wait for the connection, the greeting and each reply. */
  readonly timeoutMs?: number;
  /** Loopback test servers present no certificate; never set this for a real relay. */
  readonly ignoreTls?: boolean;
}

export function createSmtpTransport(
  url: string,
  options: SmtpTransportOptions = {},
): EmailTransport & { close(): void } {
  const timeout = options.timeoutMs ?? 30_000;
  const transporter = nodemailer.createTransport({
    url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    ...(options.ignoreTls === true ? { ignoreTLS: true } : {}),
  } as nodemailer.TransportOptions);
  return {
    async sendRaw(envelope, raw) {
      await transporter.sendMail({ envelope: { from: envelope.from, to: [envelope.to] }, raw });
    },
    close() {
      transporter.close();
    },
  };
}
