import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMessage } from './mime';
import { parseEmail, readDsn, stripQuoted } from './parse-inbound';
import { issueUnsubscribeToken } from './unsubscribe';

// Raw MIME → events, on mail as Gmail, a German client in Latin-1, Postfix and Gmail's bounce robot
// send it (fixtures in test/channels-email/fixtures).

const config = {
  unsubscribeAddress: 'unsubscribe@filo.example.org',
  unsubscribeSecret: 'unsubscribe-secret-0123456789',
};
const fixture = (name: string) =>
  readFileSync(new URL(`../../../test/channels-email/fixtures/${name}`, import.meta.url));

describe('parseEmail', () => {
  it('decodes a Latin-1 quoted-printable reply and cuts the German quote intro', () => {
    expect(parseEmail(fixture('question-latin1.eml'), config)).toEqual({
      ok: true,
      events: [
        {
          type: 'message',
          channel: 'email',
          dedupeKey: 'email:a1b2c3d4@example.de',
          via: { id: 'email', display: null, accountId: null },
          id: 'a1b2c3d4@example.de',
          from: {
            key: 'hans@example.de',
            name: 'Hans Weber',
            waId: null,
            userId: null,
            parentUserId: null,
            username: null,
          },
          sentAt: '2025-11-26T17:40:11.000Z',
          context: { replyTo: null, forwarded: false, frequentlyForwarded: false },
          content: { kind: 'text', body: 'Grüße! Bekomme ich eine Zuwendungsbestätigung?' },
        },
      ],
    });
  });

  it('reads a Postfix hard bounce as a failed status of the original Message-ID, classified permanent', () => {
    const result = parseEmail(fixture('dsn-postfix-hard.eml'), config);
    expect(result).toMatchObject({
      ok: true,
      events: [
        {
          type: 'status',
          status: 'failed',
          messageId: '9d7c1e20-aaaa-4bbb-8ccc-000000000001@filo.example.org',
          recipient: { key: 'nobody@example.com' },
          dedupeKey:
            'email:dsn:9d7c1e20-aaaa-4bbb-8ccc-000000000001@filo.example.org:nobody@example.com:failed',
          failure: {
            kind: 'permanent',
            retry: false,
            code: 'CHANNEL_SEND_FAILED',
            details: { smtpStatus: '5.1.1' },
          },
        },
      ],
    });
  });

  it('reports a delayed recipient as no event (the remote server still tries) and a delivered one as delivered', () => {
    const root = parseMessage(fixture('dsn-gmail-delay.eml'));
    expect(root && readDsn(root)).toEqual({
      originalMessageId: '9d7c1e20-aaaa-4bbb-8ccc-000000000002@filo.example.org',
      recipients: [
        {
          recipient: 'busy@example.org',
          action: 'delayed',
          status: '4.2.2',
          diagnostic: '452 4.2.2 The email account that you tried to reach is over quota.',
        },
        { recipient: 'ok@example.org', action: 'delivered', status: '2.0.0', diagnostic: null },
      ],
    });
    const result = parseEmail(fixture('dsn-gmail-delay.eml'), config);
    expect(
      result.ok && result.events.map((e) => (e.type === 'status' ? [e.status, e.recipient.key] : e.type)),
    ).toEqual([['delivered', 'ok@example.org']]);
  });

  it('turns mail to the unsubscribe mailbox into a stop for the address in the token, or the sender without one', () => {
    const token = issueUnsubscribeToken(config.unsubscribeSecret, 'member@example.org');
    const mail = (subject: string) =>
      Buffer.from(
        `From: Someone <alias@example.net>\r\nTo: <unsubscribe@filo.example.org>\r\nSubject: ${subject}\r\nDate: Fri, 28 Nov 2025 10:00:00 +0100\r\nMessage-ID: <u-1@example.net>\r\n\r\nplease\r\n`,
      );
    expect(parseEmail(mail(`unsubscribe ${token}`), config)).toMatchObject({
      ok: true,
      events: [{ type: 'preference', value: 'stop', user: { key: 'member@example.org' }, detail: 'mailto' }],
    });
    expect(parseEmail(mail('unsubscribe'), config)).toMatchObject({
      ok: true,
      events: [{ type: 'preference', user: { key: 'alias@example.net' }, detail: 'mailto_without_token' }],
    });
    const forged = `${Buffer.from('victim@example.org').toString('base64url')}.${'B'.repeat(43)}`;
    expect(parseEmail(mail(`unsubscribe ${forged}`), config)).toMatchObject({
      ok: true,
      events: [{ user: { key: 'alias@example.net' } }],
    });
  });

  it('refuses mail without From or a valid Date, and a report it cannot read', () => {
    const noDate = Buffer.from('From: a@example.org\r\nSubject: x\r\n\r\nbody');
    expect(parseEmail(noDate, config)).toMatchObject({
      ok: false,
      error: { code: 'CHANNEL_PAYLOAD_INVALID' },
    });
    const report = Buffer.from(
      'From: a@example.org\r\nDate: Fri, 28 Nov 2025 10:00:00 +0100\r\nContent-Type: multipart/report; report-type=delivery-status; boundary=b\r\n\r\n--b\r\n\r\nnothing\r\n--b--\r\n',
    );
    expect(parseEmail(report, config)).toMatchObject({
      ok: false,
      error: { code: 'CHANNEL_PAYLOAD_INVALID' },
    });
  });
});

describe('stripQuoted', () => {
  it.each([
    [
      'Sì, grazie!\n\nIl giorno lun 24 nov 2025 alle ore 10:00 Filo <a@b.c> ha scritto:\n> Ciao',
      'Sì, grazie!',
    ],
    ['Yes please\n\nOn Mon, 24 Nov 2025 at 10:00, Filo <a@b.c> wrote:\n> Hi', 'Yes please'],
    ['Oui\n\nLe lun. 24 nov. 2025 à 10:00, Filo a écrit :\n> Bonjour', 'Oui'],
    ['Sí\n\nEl lun, 24 nov 2025 a las 10:00, Filo escribió:\n> Hola', 'Sí'],
    ['Danke\n\nAm 24.11.2025 um 10:00 schrieb Filo ETS <a@b.c>:\n> Hallo', 'Danke'],
    ['Danke\n-- \nHans', 'Danke'],
    ['Grazie\n\n-----Messaggio originale-----\nDa: Filo', 'Grazie'],
  ])('keeps only the new words of %j', (text, expected) => {
    expect(stripQuoted(text)).toBe(expected);
  });
});
