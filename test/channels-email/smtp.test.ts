import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerAddress } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmailProvider, createSmtpTransport, type EmailProvider } from '../../src/channels';

// The e-mail adapter against a real SMTP server on loopback (smtp-server): the exact bytes that reach
// the server, and how each kind of refusal is classified — 5xx permanent, 4xx temporary (retried with
// back-off), 535 a bad login that pauses the channel, no server at all transient.

interface Received {
  readonly from: string;
  readonly to: string[];
  readonly data: string;
}

const NOW = new Date('2025-11-28T09:30:00.000Z');
const received: Received[] = [];
/** Recipient → the reply the server gives at RCPT TO. */
const refusals = new Map<string, { code: number; text: string }>();
let server: SMTPServer;
let port: number;

function smtpError(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

beforeAll(async () => {
  server = new SMTPServer({
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'filo' && auth.password === 'right-password') callback(null, { user: 'filo' });
      else callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onRcptTo(address: SMTPServerAddress, _session, callback) {
      const refusal = refusals.get(address.address);
      if (refusal !== undefined) callback(smtpError(refusal.code, refusal.text));
      else callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
          to: session.envelope.rcptTo.map((r) => r.address),
          data: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function provider(url = `smtp://filo:right-password@127.0.0.1:${port}`): EmailProvider {
  let n = 0;
  return createEmailProvider({
    from: 'Filo ETS <hello@filo.example.org>',
    transport: createSmtpTransport(url, { ignoreTls: true, timeoutMs: 5_000 }),
    webhookSecret: 'test-email-webhook-secret',
    unsubscribe: {
      secret: 'test-unsubscribe-secret-0123',
      url: 'https://filo.example.org/unsubscribe/email',
      mailto: 'unsubscribe@filo.example.org',
    },
    defaultSubject: 'Filo ETS',
    clock: { now: () => NOW },
    newId: () => `00000000-0000-4000-8000-00000000000${++n}`,
  });
}

describe('e-mail over a real SMTP server on loopback', () => {
  it('sends exactly these bytes for a non-transactional message: List-Unsubscribe mailto + one-click', async () => {
    received.length = 0;
    const email = provider();
    const token = email.unsubscribeToken('anna.rossi@example.it');
    const result = await email.sendEmail(
      {
        type: 'text',
        to: 'Anna.Rossi@example.it',
        body: 'Ciao Anna,\nla mensa ha servito 120 pasti grazie a te.',
      },
      { subject: 'Notizie dalla mensa' },
    );
    expect(result).toEqual({
      ok: true,
      providerMessageId: '00000000-0000-4000-8000-000000000001@filo.example.org',
      recipientKey: 'anna.rossi@example.it',
    });
    expect(received).toHaveLength(1);
    const mail = received[0] as Received;
    expect(mail.from).toBe('hello@filo.example.org');
    expect(mail.to).toEqual(['anna.rossi@example.it']);
    expect(mail.data).toBe(
      [
        'List-Unsubscribe:',
        ' <mailto:unsubscribe@filo.example.org?subject=unsubscribe%20' + token + '>,',
        ' <https://filo.example.org/unsubscribe/email?t=' + token + '>',
        'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
        'From: Filo ETS <hello@filo.example.org>',
        'To: anna.rossi@example.it',
        'Subject: Notizie dalla mensa',
        'Message-ID: <00000000-0000-4000-8000-000000000001@filo.example.org>',
        'Date: Fri, 28 Nov 2025 09:30:00 +0000',
        'Content-Transfer-Encoding: quoted-printable',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=utf-8',
        '',
        'Ciao Anna,',
        'la mensa ha servito 120 pasti grazie a te.',
        '',
        // The signature separator's space and the link's '=' are quoted-printable; clients decode both.
        '--=20',
        'Unsubscribe: https://filo.example.org/unsubscribe/email?=',
        't=3D' + token,
        '',
      ].join('\r\n'),
    );
  });

  it('sends a transactional reply without List-Unsubscribe, threaded to the mail it answers', async () => {
    received.length = 0;
    const result = await provider().sendEmail(
      {
        type: 'text',
        to: 'hans@example.de',
        body: 'Grüße! Ja, die Bestätigung kommt im Januar.',
        replyTo: 'a1b2c3d4@example.de',
      },
      { transactional: true },
    );
    expect(result).toMatchObject({ ok: true });
    const data = (received[0] as Received).data;
    expect(data).not.toMatch(/List-Unsubscribe/i);
    expect(data).toContain('Subject: Re: Filo ETS\r\n');
    expect(data).toContain('In-Reply-To: <a1b2c3d4@example.de>\r\n');
    expect(data).toContain('References: <a1b2c3d4@example.de>\r\n');
    expect(data).toContain('Content-Transfer-Encoding: quoted-printable\r\n');
    expect(data).toContain('Gr=C3=BC=C3=9Fe! Ja, die Best=C3=A4tigung kommt im Januar.');
  });

  it('classifies 550 5.1.1 at RCPT as permanent (a hard bounce), never naming the address', async () => {
    received.length = 0;
    refusals.set('nobody@example.com', {
      code: 550,
      text: '5.1.1 <nobody@example.com>: Recipient address rejected: User unknown',
    });
    const result = await provider().send({ type: 'text', to: 'nobody@example.com', body: 'Ciao' });
    expect(result).toMatchObject({
      ok: false,
      failure: {
        kind: 'permanent',
        retry: false,
        code: 'CHANNEL_SEND_FAILED',
        providerCode: 550,
        details: { smtpStatus: '5.1.1' },
      },
    });
    expect(JSON.stringify(result)).not.toContain('nobody@example.com');
    expect(received).toHaveLength(0);
  });

  it('classifies 451 4.7.1 (greylisting) as temporary: retry after a minute or more', async () => {
    refusals.set('grey@example.org', { code: 451, text: '4.7.1 Greylisted, please try again later' });
    const result = await provider().send({ type: 'text', to: 'grey@example.org', body: 'Ciao' });
    expect(result).toMatchObject({
      ok: false,
      failure: {
        kind: 'transient',
        retry: true,
        retryAfterMs: 60_000,
        providerCode: 451,
        details: { smtpStatus: '4.7.1' },
      },
    });
  });

  it('classifies a refused login (535) as auth_invalid: pause the channel', async () => {
    const result = await provider(`smtp://filo:wrong-password@127.0.0.1:${port}`).send({
      type: 'text',
      to: 'a@example.org',
      body: 'Ciao',
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { kind: 'auth_invalid', retry: false, action: 'pause_channel' },
    });
  });

  it('classifies no server at all as transient', async () => {
    const closed = new SMTPServer({ logger: false });
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const freePort = (closed.server.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const result = await provider(`smtp://127.0.0.1:${freePort}`).send({
      type: 'text',
      to: 'a@example.org',
      body: 'Ciao',
    });
    expect(result).toMatchObject({
      ok: false,
      failure: { kind: 'transient', retry: true, providerCode: null },
    });
  });
});
