// The widget's connection and memory, apart from the page: the session token and the messages not yet
// acknowledged live in localStorage, so a reload continues the conversation and nothing typed is lost.
// Every message has an id made here; it is resent after each reconnect until the server acknowledges
// it, and the server stores each id once, so nothing is lost or doubled. Replies are shown once (by
// id), confirmed as delivered, and as read while the panel is open.

// The reply shapes are the server's own (type-only: nothing of the server is bundled).
import type { Chip, ReplyContent } from '../../../src/channels/webchat/frames';

export type { Chip, ReplyContent };

export type OwnStatus = 'pending' | 'sent' | 'read' | 'failed';

export type Entry =
  | {
      readonly dir: 'out';
      readonly id: string;
      readonly text: string;
      status: OwnStatus;
      readonly at: string;
    }
  | {
      readonly dir: 'in';
      readonly id: string;
      readonly seq: number;
      readonly content: ReplyContent;
      readonly at: string;
    };

export interface Choice {
  readonly kind: 'button' | 'list';
  readonly id: string;
  readonly title: string;
}

interface Pending {
  readonly id: string;
  readonly text?: string;
  readonly choice?: Choice;
  readonly replyTo?: string;
}

interface Saved {
  token: string | null;
  pending: Pending[];
  history: Entry[];
}

export interface StorageLike {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

export interface SocketLike {
  readonly readyState: number;
  onopen: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
  onclose: ((ev: { code: number }) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  send(data: string): void;
  close(): void;
}

export interface ChatClientOptions {
  readonly url: string;
  readonly org: string;
  readonly language: string;
  readonly storage: StorageLike | null;
  readonly openSocket: (url: string) => SocketLike;
  /** Whether the visitor can see the replies now (panel open, page visible): they count as read. */
  readonly visible: () => boolean;
  readonly onChange: () => void;
  readonly setTimer?: (fn: () => void, ms: number) => unknown;
  readonly newId?: () => string;
}

const HISTORY_LIMIT = 100;
const OPEN = 1;

function randomId(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  return `c-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export class ChatClient {
  readonly #o: ChatClientOptions;
  readonly #key: string;
  #state: Saved;
  #socket: SocketLike | null = null;
  #ready = false;
  #retryMs = 1_000;
  #stopped = false;
  connected = false;
  typing = false;
  emailSaved: boolean | null = null;
  lastError: string | null = null;

  constructor(options: ChatClientOptions) {
    this.#o = options;
    this.#key = `filo-webchat:${options.org}`;
    this.#state = this.#load();
  }

  get history(): readonly Entry[] {
    return this.#state.history;
  }

  #load(): Saved {
    try {
      const raw = this.#o.storage?.getItem(this.#key);
      if (raw) {
        const saved = JSON.parse(raw) as Partial<Saved>;
        return {
          token: typeof saved.token === 'string' ? saved.token : null,
          pending: Array.isArray(saved.pending) ? saved.pending : [],
          history: Array.isArray(saved.history) ? saved.history : [],
        };
      }
    } catch {
      // Storage disabled or corrupt: start afresh.
    }
    return { token: null, pending: [], history: [] };
  }

  #save(): void {
    try {
      this.#o.storage?.setItem(this.#key, JSON.stringify(this.#state));
    } catch {
      // Private mode or quota: the conversation still works until the page is closed.
    }
    this.#o.onChange();
  }

  #timer(fn: () => void, ms: number): void {
    (this.#o.setTimer ?? ((f: () => void, t: number) => setTimeout(f, t)))(fn, ms);
  }

  connect(): void {
    if (this.#stopped) return;
    const socket = this.#o.openSocket(this.#o.url);
    this.#socket = socket;
    this.#ready = false;
    socket.onopen = () => {
      socket.send(
        JSON.stringify({
          type: 'hello',
          token: this.#state.token,
          org: this.#o.org,
          language: this.#o.language,
        }),
      );
    };
    socket.onmessage = (ev) => {
      if (typeof ev.data !== 'string') return;
      try {
        this.#receive(JSON.parse(ev.data) as Record<string, unknown>);
      } catch {
        // A frame we cannot read is ignored; the server never sends one.
      }
    };
    socket.onerror = () => undefined;
    socket.onclose = (ev) => {
      this.#ready = false;
      this.connected = false;
      this.#socket = null;
      this.#o.onChange();
      // 4404: this site may not use the chat; 4401: the session is gone (start a new one at once).
      if (ev.code === 4404 || this.#stopped) return;
      const wait = ev.code === 4401 ? 0 : this.#retryMs;
      this.#retryMs = Math.min(this.#retryMs * 2, 30_000);
      this.#timer(() => this.connect(), wait);
    };
  }

  stop(): void {
    this.#stopped = true;
    this.#socket?.close();
  }

  #send(frame: object): void {
    if (this.#socket !== null && this.#socket.readyState === OPEN) this.#socket.send(JSON.stringify(frame));
  }

  #receive(frame: Record<string, unknown>): void {
    switch (frame.type) {
      case 'welcome':
        this.#state.token = String(frame.token);
        this.#ready = true;
        this.connected = true;
        this.#retryMs = 1_000;
        this.#save();
        for (const p of this.#state.pending) this.#send({ type: 'message', ...p });
        return;
      case 'ack': {
        const id = String(frame.id);
        this.#state.pending = this.#state.pending.filter((p) => p.id !== id);
        this.#setStatus(id, 'sent');
        this.#save();
        return;
      }
      case 'reply': {
        const id = String(frame.id);
        if (!this.#state.history.some((e) => e.dir === 'in' && e.id === id)) {
          this.#state.history.push({
            dir: 'in',
            id,
            seq: Number(frame.seq),
            content: frame.content as ReplyContent,
            at: String(frame.at),
          });
          this.#state.history = this.#state.history.slice(-HISTORY_LIMIT);
        }
        this.typing = false;
        this.#send({ type: 'delivered', ids: [id] });
        if (this.#o.visible()) this.#send({ type: 'read', ids: [id] });
        this.#save();
        return;
      }
      case 'status': {
        // The organisation read our messages up to this one.
        const upTo = String(frame.upTo);
        const index = this.#state.history.findIndex((e) => e.dir === 'out' && e.id === upTo);
        for (const entry of this.#state.history.slice(0, index + 1))
          if (entry.dir === 'out' && entry.status === 'sent') entry.status = 'read';
        this.#save();
        return;
      }
      case 'typing':
        this.typing = true;
        this.#o.onChange();
        this.#timer(() => {
          this.typing = false;
          this.#o.onChange();
        }, 6_000);
        return;
      case 'email_saved':
        this.emailSaved = frame.consent === true;
        this.#o.onChange();
        return;
      case 'error':
        this.#error(frame);
        return;
      default:
        return;
    }
  }

  #error(frame: Record<string, unknown>): void {
    const code = String(frame.code);
    const id = typeof frame.id === 'string' ? frame.id : null;
    this.lastError = code;
    if (code === 'WEBCHAT_TOKEN_INVALID') {
      this.#state.token = null;
      this.#save();
      return;
    }
    if (id !== null && (code === 'WEBCHAT_RATE_LIMITED' || code === 'WEBCHAT_UNAVAILABLE')) {
      // Still pending: sent again after the wait the server asked for.
      const wait = typeof frame.retryAfterMs === 'number' ? frame.retryAfterMs : 2_000;
      this.#timer(() => {
        const p = this.#state.pending.find((x) => x.id === id);
        if (p !== undefined && this.#ready) this.#send({ type: 'message', ...p });
      }, wait);
      this.#o.onChange();
      return;
    }
    if (id !== null) {
      // Refused for good (too long, empty): it would be refused again.
      this.#state.pending = this.#state.pending.filter((p) => p.id !== id);
      this.#setStatus(id, 'failed');
    }
    this.#save();
  }

  #setStatus(id: string, status: OwnStatus): void {
    for (const entry of this.#state.history)
      if (entry.dir === 'out' && entry.id === id && entry.status !== 'read') entry.status = status;
  }

  /** Queues a message (kept until acknowledged) and sends it when connected. */
  say(text: string, choice?: Choice, replyTo?: string): void {
    const id = (this.#o.newId ?? randomId)();
    const pending: Pending =
      choice === undefined ? { id, text } : { id, choice, ...(replyTo === undefined ? {} : { replyTo }) };
    this.#state.pending.push(pending);
    this.#state.history.push({
      dir: 'out',
      id,
      text: choice?.title ?? text,
      status: 'pending',
      at: new Date().toISOString(),
    });
    this.#state.history = this.#state.history.slice(-HISTORY_LIMIT);
    this.#save();
    if (this.#ready) this.#send({ type: 'message', ...pending });
  }

  giveEmail(address: string, consent: boolean): void {
    this.#send({ type: 'email', address, consent, wordingVersion: 'webchat-email-v1' });
  }

  /** The panel was opened: what is shown now has been read. */
  markShownAsRead(): void {
    const ids = this.#state.history
      .filter((e) => e.dir === 'in')
      .slice(-100)
      .map((e) => e.id);
    if (ids.length > 0) this.#send({ type: 'read', ids });
  }
}
