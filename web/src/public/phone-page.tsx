// The WhatsApp sandbox's phone: a person chats with the organisation as a supporter would, through the
// local sandbox (not WhatsApp). Messages go in as signed webhooks; replies show with their ticks.
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n';
import { useDocumentTitle } from '../ui';

interface PhoneMessage {
  readonly id: string;
  readonly direction: 'in' | 'out';
  readonly text: string;
  readonly options: readonly { readonly id: string; readonly title: string }[];
  readonly status: string;
}

const BASE = '/sandbox/whatsapp/phone';
const STORAGE = 'filo.sandbox.phone';
const TICKS: Readonly<Record<string, string>> = { sent: '✓', delivered: '✓✓', read: '✓✓', failed: '⚠' };

function stored(): { waId: string; name: string } {
  try {
    const raw = localStorage.getItem(STORAGE);
    if (raw) return JSON.parse(raw) as { waId: string; name: string };
  } catch {
    // private mode: start empty
  }
  return { waId: '', name: '' };
}

export function PhonePage() {
  const { t } = useI18n();
  useDocumentTitle(t('phone.title'));
  const [me, setMe] = useState(stored);
  const [ready, setReady] = useState(me.waId !== '');
  const [messages, setMessages] = useState<readonly PhoneMessage[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!ready) return;
    let stop = false;
    const poll = async () => {
      while (!stop) {
        try {
          const response = await fetch(`${BASE}/${me.waId}`);
          if (response.ok) {
            const body = (await response.json()) as { messages: PhoneMessage[] };
            setMessages(body.messages);
            // The chat is open: what the organisation sent is read.
            if (
              document.visibilityState === 'visible' &&
              body.messages.some((m) => m.direction === 'out' && m.status !== 'read' && m.status !== 'failed')
            ) {
              await fetch(`${BASE}/${me.waId}/read`, { method: 'POST' });
            }
          }
        } catch {
          // the server restarts: keep polling
        }
        await new Promise((resolve) => setTimeout(resolve, 800));
      }
    };
    void poll();
    return () => {
      stop = true;
    };
  }, [ready, me.waId]);

  const send = async (body: Record<string, unknown>) => {
    setError(null);
    const response = await fetch(`${BASE}/${me.waId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: me.name, ...body }),
    });
    if (!response.ok) setError(t('phone.failed'));
  };

  if (!ready) {
    return (
      <div className="container page phone">
        <h1>{t('phone.title')}</h1>
        <p>{t('phone.intro')}</p>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            const waId = me.waId.replace(/\D/g, '');
            if (!/^[1-9]\d{6,14}$/.test(waId) || me.name.trim() === '') return setError(t('phone.invalid'));
            const next = { waId, name: me.name.trim() };
            localStorage.setItem(STORAGE, JSON.stringify(next));
            setMe(next);
            setReady(true);
          }}
        >
          <label>
            {t('phone.number')}{' '}
            <input
              name="phone"
              inputMode="tel"
              value={me.waId}
              onChange={(e) => setMe({ ...me, waId: e.target.value })}
              placeholder="393331234567"
            />
          </label>{' '}
          <label>
            {t('phone.name')}{' '}
            <input name="name" value={me.name} onChange={(e) => setMe({ ...me, name: e.target.value })} />
          </label>{' '}
          <button type="submit" className="button">
            {t('phone.start')}
          </button>
        </form>
        {error !== null && <p role="alert">{error}</p>}
      </div>
    );
  }
  return (
    <div className="container page phone">
      <h1>{t('phone.title')}</h1>
      <p className="muted">{t('phone.sandboxNote')}</p>
      <ol className="phone-chat" style={{ listStyle: 'none', padding: 0, maxWidth: '32rem' }}>
        {messages.map((m) => (
          <li
            key={m.id}
            className={`bubble bubble-${m.direction}`}
            data-direction={m.direction}
            data-status={m.status}
            style={{ textAlign: m.direction === 'in' ? 'right' : 'left', margin: '0.3rem 0' }}
          >
            <span>{m.text}</span>{' '}
            {m.direction === 'in' && (
              <span
                className="ticks"
                data-ticks={m.status}
                style={{ color: m.status === 'read' ? '#34b7f1' : undefined }}
              >
                {TICKS[m.status] ?? ''}
              </span>
            )}
            {m.options.length > 0 && (
              <span className="phone-options">
                {m.options.map((o) => (
                  <button
                    key={o.id}
                    type="button"
                    onClick={() => void send({ reply: { id: o.id, title: o.title, toMessageId: m.id } })}
                  >
                    {o.title}
                  </button>
                ))}
              </span>
            )}
          </li>
        ))}
      </ol>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          if (text.trim() === '') return;
          void send({ text: text.trim() }).then(() => setText(''));
        }}
      >
        <input
          name="message"
          aria-label={t('phone.message')}
          value={text}
          onChange={(e) => setText(e.target.value)}
          style={{ width: '70%' }}
        />{' '}
        <button type="submit" className="button">
          {t('phone.send')}
        </button>
      </form>
      {error !== null && <p role="alert">{error}</p>}
    </div>
  );
}
