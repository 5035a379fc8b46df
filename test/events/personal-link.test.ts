import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createWebchatEmailModule } from '../../src/channels';
import { parseMessage, textOf } from '../../src/channels/email/mime';
import { donorMessagesModule } from '../../src/campaigns';
import { eventsModule, type EventsService } from '../../src/events';
import { ENGINES } from '../../src/store/testing';
import {
  createConversationsApp,
  eventually,
  quiescent,
  sandboxOutbox,
  SLOW_MACHINE_TIMEOUTS,
  type ConversationsTestApp,
} from '../conversations/support';

vi.setConfig(SLOW_MACHINE_TIMEOUTS);

// After a web sign-up the participant also gets their personal link on their own channel, so they can
// find it again: by e-mail (a transactional message), or on WhatsApp when they ticked that box. Signing
// up again sends it again to the same address, at most once in ten minutes, never to the page.

const DAY = 24 * 3600 * 1000;

describe.each(ENGINES)('the personal link after a web sign-up (%s)', (engine) => {
  let t: ConversationsTestApp;
  let events: EventsService;
  beforeAll(async () => {
    t = await createConversationsApp(engine, {
      extraModules: [
        donorMessagesModule,
        createWebchatEmailModule({ env: { FILO_WEBCHAT: 'false' } }),
        eventsModule,
      ],
    });
    await t.startWorkers();
    events = t.modules.find((m) => m.name === 'events')!.service as EventsService;
    const event = await events.create({
      slug: 'corri',
      title: { it: 'Corri per la mensa', en: 'Run for the canteen' },
      kind: 'run',
      startsAt: new Date(Date.now() - DAY).toISOString(),
      endsAt: new Date(Date.now() + 20 * DAY).toISOString(),
    });
    await events.update(event.id, { status: 'published' });
  });
  afterAll(async () => t.dispose());

  const outbox = (address: string) => sandboxOutbox(t, address);
  const signUp = (payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: '/api/v1/public/events/corri/registrations', payload });
  const consents = async (language: string) =>
    (await t.app.inject({ method: 'GET', url: `/api/v1/public/events/corri?lang=${language}` })).json()
      .consents as { channel: string; purpose: string; version: string }[];

  it('e-mails the link to a participant who gave an address, again on a second sign-up, not a third time', async () => {
    const first = await signUp({ name: 'Elena Conti', email: 'elena.conti@example.it', language: 'it' });
    expect(first.json().status).toBe('registered');
    const link = first.json().activityUrl as string;
    const mails = await eventually(
      () => outbox('elena.conti@example.it'),
      (rows) => rows.length > 0,
    );
    expect(mails[0]!.subject).toBe('Il tuo link personale per «Corri per la mensa»');
    const text = textOf(parseMessage(Buffer.from(mails[0]!.raw, 'utf8'))!);
    expect(text).toContain('Ciao Elena,');
    expect(text).toContain(`La tua pagina:\n${link}\n`);

    // Someone types her address again: the page shows no link, her own inbox gets it once more.
    const again = await signUp({ name: 'Elena', email: 'Elena.Conti@example.it' });
    expect(again.json()).toMatchObject({ status: 'already_registered', activityUrl: null });
    await eventually(
      () => outbox('elena.conti@example.it'),
      (rows) => rows.length === 2,
    );
    const third = await signUp({ name: 'Elena', email: 'elena.conti@example.it' });
    expect(third.json().status).toBe('already_registered');
    await quiescent(t);
    const all = await outbox('elena.conti@example.it');
    expect(all).toHaveLength(2);
    expect(textOf(parseMessage(Buffer.from(all[1]!.raw, 'utf8'))!)).toContain(link);
  });

  it('writes on WhatsApp to a participant who ticked that box, and nowhere without a way to', async () => {
    const boxes = await consents('en');
    const service = boxes.find((c) => c.channel === 'whatsapp' && c.purpose === 'service');
    expect(service).toBeDefined();
    const res = await signUp({
      name: 'Tom Baker',
      phone: '+44 7700 900123',
      email: 'tom.baker@example.org',
      language: 'en',
      consents: [{ channel: 'whatsapp', purpose: 'service', version: service!.version }],
    });
    const link = res.json().activityUrl as string;
    const out = await eventually(
      async () => t.sandbox.phoneThread('447700900123').messages.filter((m) => m.direction === 'out'),
      (m) => m.length > 0,
    );
    expect(out[0]!.text).toContain(link);
    expect(out[0]!.text).toContain('Run for the canteen');
    await quiescent(t);
    expect(await outbox('tom.baker@example.org')).toHaveLength(0);

    // A phone number without the box: WhatsApp may not be used, and there is no address: nothing is sent.
    const silent = await signUp({ name: 'Ada Byron', phone: '+44 7700 900456', language: 'en' });
    expect(silent.json().status).toBe('registered');
    await quiescent(t);
    expect(t.sandbox.phoneThread('447700900456').messages).toHaveLength(0);
  });
});
