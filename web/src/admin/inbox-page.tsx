// The shared inbox: conversations with unread counts and waiting times, the thread, replies (through
// the outbound path), assignment, notes, canned replies, the supporter and their giving beside it.
// Live: a long poll on /api/v1/inbox/changes refreshes what changed, without reloading.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useI18n } from '../i18n';
import { useDocumentTitle } from '../ui';
import {
  inboxClient,
  type Agent,
  type CannedReply,
  type ConversationSummary,
  type Thread,
  type ThreadMessage,
} from './inbox-client';

const TICKS: Readonly<Record<string, string>> = {
  queued: '🕓',
  accepted: '✓',
  sent: '✓',
  delivered: '✓✓',
  read: '✓✓',
  played: '✓✓',
  failed: '⚠',
};

function textOf(m: ThreadMessage): string {
  const c = m.content;
  if (c.content) return c.content.body ?? c.content.title ?? `[${c.content.kind}]`;
  if (c.message) return c.message.body ?? `[${c.message.type}${c.message.name ? ` ${c.message.name}` : ''}]`;
  return `[${m.kind}]`;
}

/** A glyph per channel beside its name (the name is what screen readers read). */
const CHANNEL_ICON: Readonly<Record<string, string>> = { whatsapp: '📱', webchat: '💬', email: '✉️' };

function minutesSince(iso: string | null): number | null {
  return iso === null ? null : Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
}

export function InboxPage() {
  const { t, money, dateTime } = useI18n();
  useDocumentTitle(t('inbox.title'));
  const channelName = (channel: string): string =>
    channel === 'webchat'
      ? t('inboxChannel.webchat')
      : channel === 'email'
        ? t('inboxChannel.email')
        : t('inboxChannel.whatsapp');
  const [items, setItems] = useState<readonly ConversationSummary[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [thread, setThread] = useState<Thread | null>(null);
  const [agents, setAgents] = useState<readonly Agent[]>([]);
  const [canned, setCanned] = useState<readonly CannedReply[]>([]);
  const [draft, setDraft] = useState('');
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [tick, setTick] = useState(0);

  const refresh = useCallback(() => setTick((n) => n + 1), []);
  // When the agent last told the supporter "typing…" (WhatsApp shows it for up to 25 s).
  const typingSent = useRef(0);

  useEffect(() => {
    const controller = new AbortController();
    inboxClient.list(controller.signal).then(
      (r) => setItems(r.items),
      () => undefined,
    );
    if (selected !== null) inboxClient.thread(selected, controller.signal).then(setThread, () => undefined);
    return () => controller.abort();
  }, [selected, tick]);

  useEffect(() => {
    void inboxClient.agents().then(
      (r) => setAgents(r.items),
      () => undefined,
    );
    void inboxClient.canned().then(
      (r) => setCanned(r.items),
      () => undefined,
    );
  }, []);

  // Live updates: long polling; every answer with changes refreshes the list and the open thread.
  useEffect(() => {
    const controller = new AbortController();
    let cursor: string | null = null;
    const loop = async () => {
      while (!controller.signal.aborted) {
        try {
          const changes = await inboxClient.changes(cursor, controller.signal);
          if (cursor !== null && changes.conversationIds.length > 0) refresh();
          cursor = changes.cursor ?? cursor;
        } catch {
          await new Promise((resolve) => setTimeout(resolve, 2000));
        }
      }
    };
    void loop();
    return () => controller.abort();
  }, [refresh]);

  const open = (id: string) => {
    setSelected(id);
    typingSent.current = 0;
    void inboxClient.read(id).then(refresh, () => undefined);
  };

  const act = (work: Promise<unknown>) => {
    setError(null);
    work.then(refresh, (e: unknown) => setError(e instanceof Error ? e.message : String(e)));
  };

  const c = thread?.conversation;
  return (
    <div className="page inbox">
      <h1>{t('inbox.title')}</h1>
      <div
        className="inbox-layout"
        style={{
          display: 'grid',
          gridTemplateColumns: 'minmax(14rem, 1fr) 2fr minmax(14rem, 1fr)',
          gap: '1rem',
        }}
      >
        <ul
          className="inbox-list"
          aria-label={t('inbox.conversations')}
          style={{ listStyle: 'none', padding: 0 }}
        >
          {items.length === 0 && <li className="muted">{t('inbox.empty')}</li>}
          {items.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className="inbox-item"
                data-conversation={item.id}
                aria-current={item.id === selected}
                onClick={() => open(item.id)}
                style={{ width: '100%', textAlign: 'left' }}
              >
                <span className="channel" data-channel={item.channel} aria-hidden="true">
                  {CHANNEL_ICON[item.channel] ?? '•'}
                </span>{' '}
                <strong>{item.contactName ?? '—'}</strong>{' '}
                <small className="muted">{channelName(item.channel)}</small>
                {item.unreadCount > 0 && (
                  <span className="badge" data-unread={item.unreadCount}>
                    {' '}
                    {t('inbox.unread', { count: item.unreadCount })}
                  </span>
                )}
                <br />
                <span className="muted">{item.lastPreview}</span>
                <br />
                <small>
                  {item.mode === 'assistant' ? t('inbox.modeAssistant') : t('inbox.modeAgent')}
                  {item.waitingSince !== null &&
                    ` · ${t('inbox.waiting', { minutes: minutesSince(item.waitingSince) ?? 0 })}`}
                </small>
              </button>
            </li>
          ))}
        </ul>
        <section aria-label={t('inbox.thread')}>
          {thread === null || c === undefined ? (
            <p className="muted">{t('inbox.pick')}</p>
          ) : (
            <>
              {c.handoffReason !== null && (
                <p className="notice">{t('inbox.handoff', { reason: c.handoffReason })}</p>
              )}
              <p className="muted" data-channel={c.channel}>
                {CHANNEL_ICON[c.channel] ?? '•'}{' '}
                {t('inboxChannel.replyOn', { channel: channelName(c.channel) })}
              </p>
              {!c.windowOpen && c.channel === 'whatsapp' && (
                <p className="notice">{t('inbox.windowClosed')}</p>
              )}
              <ol className="inbox-thread" style={{ listStyle: 'none', padding: 0 }}>
                {thread.messages.map((m) => (
                  <li
                    key={m.id}
                    className={`bubble bubble-${m.direction}`}
                    data-direction={m.direction}
                    data-status={m.status}
                    style={{ textAlign: m.direction === 'out' ? 'right' : 'left', margin: '0.25rem 0' }}
                  >
                    <span>{textOf(m)}</span>{' '}
                    <small className="muted">{dateTime(new Date(m.createdAt))}</small>{' '}
                    {m.direction === 'out' && (
                      <span className="ticks" title={m.status}>
                        {TICKS[m.status] ?? ''}
                      </span>
                    )}
                  </li>
                ))}
              </ol>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (draft.trim() === '') return;
                  act(inboxClient.reply(c.id, draft.trim()).then(() => setDraft('')));
                }}
              >
                <label>
                  {t('inbox.reply')}
                  <textarea
                    name="reply"
                    value={draft}
                    onChange={(e) => {
                      setDraft(e.target.value);
                      if (
                        c.windowOpen &&
                        e.target.value.trim() !== '' &&
                        Date.now() - typingSent.current > 20_000
                      ) {
                        typingSent.current = Date.now();
                        void inboxClient.read(c.id, { typing: true }).catch(() => undefined);
                      }
                    }}
                    rows={3}
                    style={{ width: '100%' }}
                  />
                </label>
                <select
                  aria-label={t('inbox.canned')}
                  value=""
                  onChange={(e) => setDraft(canned.find((r) => r.id === e.target.value)?.body ?? draft)}
                >
                  <option value="">{t('inbox.canned')}</option>
                  {canned.map((r) => (
                    <option key={r.id} value={r.id}>{`${r.title} (${r.language})`}</option>
                  ))}
                </select>{' '}
                <button type="submit" className="button">
                  {t('inbox.send')}
                </button>
              </form>
              {error !== null && (
                <p role="alert" className="error">
                  {error}
                </p>
              )}
              <p>
                <label>
                  {t('inbox.assign')}{' '}
                  <select
                    value={c.assignedUserId ?? ''}
                    onChange={(e) =>
                      act(inboxClient.assign(c.id, e.target.value === '' ? null : e.target.value))
                    }
                  >
                    <option value="">{t('inbox.unassigned')}</option>
                    {agents.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                </label>{' '}
                {c.mode === 'agent' && (
                  <button type="button" onClick={() => act(inboxClient.returnToAssistant(c.id))}>
                    {t('inbox.returnToAssistant')}
                  </button>
                )}
              </p>
              <h2>{t('inbox.notes')}</h2>
              <ul>
                {thread.notes.map((n) => (
                  <li key={n.id}>{n.body}</li>
                ))}
              </ul>
              <form
                onSubmit={(event) => {
                  event.preventDefault();
                  if (note.trim() !== '') act(inboxClient.note(c.id, note.trim()).then(() => setNote('')));
                }}
              >
                <input
                  aria-label={t('inbox.addNote')}
                  value={note}
                  onChange={(e) => setNote(e.target.value)}
                />{' '}
                <button type="submit">{t('inbox.addNote')}</button>
              </form>
            </>
          )}
        </section>
        <aside aria-label={t('inbox.profile')}>
          {thread !== null && (
            <>
              <h2>{thread.contact.displayName ?? thread.contact.phone ?? '—'}</h2>
              <p className="muted">
                {thread.contact.phone} · {thread.contact.language}
              </p>
              <h3>{t('inbox.consents')}</h3>
              <ul>
                {thread.contact.consents.map((k) => (
                  <li key={`${k.channel}-${k.purpose}`}>{`${k.channel} · ${k.purpose}: ${k.status}`}</li>
                ))}
              </ul>
              <h3>{t('inbox.giving')}</h3>
              {thread.donations.length === 0 ? (
                <p className="muted">{t('inbox.noGifts')}</p>
              ) : (
                <ul>
                  {thread.donations.map((d) => (
                    <li
                      key={d.id}
                    >{`${money(d.grossMinor, d.currency)} · ${dateTime(new Date(d.receivedAt))} · ${d.receiptCode}`}</li>
                  ))}
                </ul>
              )}
            </>
          )}
        </aside>
      </div>
    </div>
  );
}
