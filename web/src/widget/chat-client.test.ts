import { describe, expect, it } from 'vitest';
import { ChatClient, type SocketLike, type StorageLike } from './chat-client';
import { pickLanguage } from './widget-i18n';

// The widget's memory and resend rules without a browser: a fake socket and a Map as localStorage.

class FakeSocket implements SocketLike {
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  onclose: ((ev: { code: number }) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  send(data: string): void {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(): void {
    this.drop(1000);
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  receive(frame: object): void {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

function setup(storage: StorageLike = new MapStorage()) {
  const sockets: FakeSocket[] = [];
  const timers: (() => void)[] = [];
  let n = 0;
  const client = new ChatClient({
    url: 'ws://x/webchat/ws',
    org: 'org_1',
    language: 'it',
    storage,
    openSocket: () => {
      const s = new FakeSocket();
      sockets.push(s);
      return s;
    },
    visible: () => true,
    onChange: () => undefined,
    setTimer: (fn) => timers.push(fn),
    newId: () => `c-${++n}`,
  });
  return { client, sockets, timers, storage };
}

class MapStorage implements StorageLike {
  readonly map = new Map<string, string>();
  getItem(k: string) {
    return this.map.get(k) ?? null;
  }
  setItem(k: string, v: string) {
    this.map.set(k, v);
  }
  removeItem(k: string) {
    this.map.delete(k);
  }
}

describe('the widget client', () => {
  it('keeps a message until acknowledged and resends it after a reconnect, with its token', () => {
    const { client, sockets, timers } = setup();
    client.connect();
    const first = sockets[0] as FakeSocket;
    first.open();
    expect(first.sent[0]).toEqual({ type: 'hello', token: null, org: 'org_1', language: 'it' });
    first.receive({ type: 'welcome', session: 'wcs_1', token: 'tok-1' });
    client.say('Ciao');
    expect(first.sent[1]).toEqual({ type: 'message', id: 'c-1', text: 'Ciao' });
    first.drop();
    (timers.shift() as () => void)();
    const second = sockets[1] as FakeSocket;
    second.open();
    expect(second.sent[0]).toMatchObject({ type: 'hello', token: 'tok-1' });
    second.receive({ type: 'welcome', session: 'wcs_1', token: 'tok-1' });
    expect(second.sent[1]).toEqual({ type: 'message', id: 'c-1', text: 'Ciao' });
    second.receive({ type: 'ack', id: 'c-1', messageId: 'wcm_1', duplicate: true });
    expect(client.history).toMatchObject([{ dir: 'out', id: 'c-1', status: 'sent' }]);
    second.drop();
    (timers.shift() as () => void)();
    const third = sockets[2] as FakeSocket;
    third.open();
    third.receive({ type: 'welcome', session: 'wcs_1', token: 'tok-1' });
    expect(third.sent.filter((f) => f.type === 'message')).toEqual([]);
  });

  it('survives a reload: the token, the history and unacknowledged messages come from storage', () => {
    const storage = new MapStorage();
    const a = setup(storage);
    a.client.connect();
    (a.sockets[0] as FakeSocket).open();
    (a.sockets[0] as FakeSocket).receive({ type: 'welcome', session: 'wcs_1', token: 'tok-1' });
    a.client.say('Prima del reload');
    const b = setup(storage);
    b.client.connect();
    const s = b.sockets[0] as FakeSocket;
    s.open();
    expect(s.sent[0]).toMatchObject({ token: 'tok-1' });
    s.receive({ type: 'welcome', session: 'wcs_1', token: 'tok-1' });
    expect(s.sent[1]).toEqual({ type: 'message', id: 'c-1', text: 'Prima del reload' });
  });

  it('shows a replayed reply once, confirms it delivered and read, and marks own messages read', () => {
    const { client, sockets } = setup();
    client.connect();
    const s = sockets[0] as FakeSocket;
    s.open();
    s.receive({ type: 'welcome', session: 'wcs_1', token: 't' });
    client.say('Domanda');
    s.receive({ type: 'ack', id: 'c-1', messageId: 'wcm_1', duplicate: false });
    const reply = {
      type: 'reply',
      id: 'wco_1',
      seq: 1,
      at: '2025-11-28T10:00:00Z',
      replyTo: null,
      content: { kind: 'text', text: 'Risposta' },
    };
    s.receive(reply);
    s.receive(reply);
    expect(client.history.filter((e) => e.dir === 'in')).toHaveLength(1);
    expect(s.sent.filter((f) => f.type === 'delivered')).toEqual([
      { type: 'delivered', ids: ['wco_1'] },
      { type: 'delivered', ids: ['wco_1'] },
    ]);
    s.receive({ type: 'status', status: 'read', upTo: 'c-1' });
    expect(client.history[0]).toMatchObject({ status: 'read' });
  });

  it('resends a rate-limited message after the wait and drops one refused for good', () => {
    const { client, sockets, timers } = setup();
    client.connect();
    const s = sockets[0] as FakeSocket;
    s.open();
    s.receive({ type: 'welcome', session: 'wcs_1', token: 't' });
    client.say('uno');
    client.say('x'.repeat(5000));
    s.receive({ type: 'error', code: 'WEBCHAT_RATE_LIMITED', id: 'c-1', retryAfterMs: 2000 });
    s.receive({ type: 'error', code: 'WEBCHAT_MESSAGE_TOO_LONG', id: 'c-2' });
    (timers.shift() as () => void)();
    expect(s.sent.filter((f) => f.id === 'c-1')).toHaveLength(2);
    expect(client.history.find((e) => e.id === 'c-2')).toMatchObject({ status: 'failed' });
    s.drop();
    (timers.pop() as () => void)();
    const next = sockets[1] as FakeSocket;
    next.open();
    next.receive({ type: 'welcome', session: 'wcs_1', token: 't' });
    expect(next.sent.filter((f) => f.type === 'message').map((f) => f.id)).toEqual(['c-1']);
  });

  it('speaks the page language among it/en/de/es/fr, English otherwise', () => {
    expect(pickLanguage(undefined, 'de-AT', 'en-US')).toBe('de');
    expect(pickLanguage('', 'pt-BR', 'fr-CA')).toBe('fr');
    expect(pickLanguage(null, 'ja')).toBe('en');
  });
});
