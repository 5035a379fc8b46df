// widget.js: the embeddable chat. One tag on any allowed site —
//   <script src="https://<filo>/widget.js" data-org="org_…" defer></script>
// — adds an accessible bubble and panel (in a shadow root, so the page's styles and ours never mix),
// in the page's language (it/en/de/es/fr), talking to Filo over one WebSocket. No framework.
import { ChatClient, type Chip, type Entry, type ReplyContent, type SocketLike } from './chat-client';
import { pickLanguage, WIDGET_TEXT } from './widget-i18n';

const CSS = `
:host{all:initial}
*{box-sizing:border-box;font-family:system-ui,-apple-system,"Segoe UI",sans-serif}
.bubble{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#0f6b5c;color:#fff;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25);z-index:2147483000;display:grid;place-items:center}
.bubble:focus-visible,button:focus-visible,textarea:focus-visible,input:focus-visible{outline:3px solid #f2b705;outline-offset:2px}
.panel{position:fixed;right:20px;bottom:88px;width:min(360px,calc(100vw - 24px));height:min(520px,calc(100vh - 120px));background:#fff;color:#1b1b1b;border-radius:12px;box-shadow:0 8px 30px rgba(0,0,0,.3);display:flex;flex-direction:column;overflow:hidden;z-index:2147483000;font-size:15px}
.panel[hidden]{display:none}
header{background:#0f6b5c;color:#fff;padding:10px 12px;display:flex;align-items:center;justify-content:space-between;gap:8px}
header h2{font-size:16px;margin:0}
header button{background:transparent;color:#fff;border:0;font-size:22px;cursor:pointer;line-height:1}
.notice{font-size:12px;color:#444;background:#f3f6f5;padding:8px 12px;margin:0}
.log{flex:1;overflow-y:auto;padding:10px 12px;display:flex;flex-direction:column;gap:8px;margin:0;list-style:none}
.msg{max-width:85%;padding:8px 10px;border-radius:10px;white-space:pre-wrap;word-wrap:break-word}
.in{background:#eef2f1;align-self:flex-start}
.out{background:#0f6b5c;color:#fff;align-self:flex-end}
.state{display:block;font-size:11px;opacity:.8;text-align:right}
.chips{display:flex;flex-wrap:wrap;gap:6px;margin-top:6px}
.chip{border:1px solid #0f6b5c;color:#0f6b5c;background:#fff;border-radius:16px;padding:4px 10px;cursor:pointer;font-size:14px}
.chips-title{font-size:12px;font-weight:600;margin-top:6px}
.msg img{max-width:100%;border-radius:6px}
.in a{color:#0b5247}
.status{font-size:12px;color:#8a1c1c;padding:0 12px}
form.compose{display:flex;gap:6px;padding:8px;border-top:1px solid #ddd}
textarea{flex:1;resize:none;border:1px solid #bbb;border-radius:8px;padding:6px 8px;font-size:15px;min-height:38px;max-height:120px}
.send{background:#0f6b5c;color:#fff;border:0;border-radius:8px;padding:0 12px;cursor:pointer}
details{padding:0 12px 8px;font-size:13px}
details input[type=email]{width:100%;padding:6px;border:1px solid #bbb;border-radius:6px;margin:4px 0}
details label{display:block}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, string> = {},
  text?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function findScript(): HTMLScriptElement | null {
  const current = document.currentScript;
  if (current instanceof HTMLScriptElement) return current;
  return document.querySelector<HTMLScriptElement>('script[src*="widget.js"]');
}

async function start(): Promise<void> {
  const script = findScript();
  if (script === null || document.querySelector('[data-filo-webchat]') !== null) return;
  const base = new URL(script.src, location.href);
  const asked = script.dataset.org ?? '';
  const response = await fetch(
    `${base.origin}/webchat/config${asked === '' ? '' : `?org=${encodeURIComponent(asked)}`}`,
  ).catch(() => null);
  // Not enabled, not this site, or no such organisation: show nothing.
  if (response === null || !response.ok) return;
  const config = (await response.json()) as {
    organisation: { id: string; name: string };
    socketPath: string;
  };
  const lang = pickLanguage(script.dataset.lang, document.documentElement.lang, navigator.language);
  const t = WIDGET_TEXT[lang];

  const host = el('div', { 'data-filo-webchat': '' });
  const root = host.attachShadow({ mode: 'open' });
  const style = el('style');
  style.textContent = CSS;
  const bubble = el('button', {
    class: 'bubble',
    type: 'button',
    'aria-label': t.open,
    'aria-expanded': 'false',
    'aria-controls': 'filo-panel',
  });
  bubble.innerHTML =
    '<svg width="26" height="26" viewBox="0 0 24 24" aria-hidden="true" fill="currentColor"><path d="M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"/></svg>';
  const panel = el('section', {
    class: 'panel',
    id: 'filo-panel',
    role: 'dialog',
    'aria-label': t.title(config.organisation.name),
  });
  panel.hidden = true;
  const header = el('header');
  const title = el('h2', {}, t.title(config.organisation.name));
  const closeButton = el('button', { type: 'button', 'aria-label': t.close }, '×');
  header.append(title, closeButton);
  const notice = el('p', { class: 'notice' }, t.notice);
  const log = el('ol', {
    class: 'log',
    role: 'log',
    'aria-live': 'polite',
    'aria-label': t.log,
    tabindex: '0',
  });
  const status = el('p', { class: 'status', role: 'status' });
  const details = el('details');
  const summary = el('summary', {}, t.emailToggle);
  const emailForm = el('form');
  const emailLabel = el('label', {}, t.emailLabel);
  const emailInput = el('input', { type: 'email', autocomplete: 'email', required: '' });
  emailLabel.append(emailInput);
  const consentLabel = el('label');
  const consent = el('input', { type: 'checkbox', required: '' });
  consentLabel.append(consent, document.createTextNode(` ${t.emailConsent}`));
  const emailSave = el('button', { type: 'submit', class: 'chip' }, t.emailSave);
  emailForm.append(emailLabel, consentLabel, emailSave);
  details.append(summary, emailForm);
  const compose = el('form', { class: 'compose' });
  const inputLabel = el('label', { class: 'sr', for: 'filo-input' }, t.placeholder);
  const input = el('textarea', {
    id: 'filo-input',
    rows: '1',
    placeholder: t.placeholder,
    maxlength: '4096',
  });
  const send = el('button', { type: 'submit', class: 'send' }, t.send);
  compose.append(inputLabel, input, send);
  panel.append(header, notice, log, status, details, compose);
  root.append(style, bubble, panel);
  document.body.append(host);

  const scheme = base.protocol === 'https:' ? 'wss:' : 'ws:';
  const client = new ChatClient({
    url: `${scheme}//${base.host}${config.socketPath}`,
    org: config.organisation.id,
    language: lang,
    storage: (() => {
      try {
        return window.localStorage;
      } catch {
        return null;
      }
    })(),
    openSocket: (url) => new WebSocket(url) as unknown as SocketLike,
    visible: () => !panel.hidden && document.visibilityState === 'visible',
    onChange: () => render(),
  });

  function chips(list: readonly Chip[], kind: 'button' | 'list', replyTo: string): HTMLElement {
    const box = el('div', { class: 'chips' });
    for (const chip of list) {
      const b = el(
        'button',
        { type: 'button', class: 'chip', ...(chip.description ? { title: chip.description } : {}) },
        chip.title,
      );
      b.addEventListener('click', () =>
        client.say(chip.title, { kind, id: chip.id, title: chip.title }, replyTo),
      );
      box.append(b);
    }
    return box;
  }

  function content(item: HTMLElement, c: ReplyContent, id: string): void {
    switch (c.kind) {
      case 'text':
        item.append(document.createTextNode(c.text));
        return;
      case 'media': {
        if (c.media === 'image') item.append(el('img', { src: c.url, alt: c.caption ?? '' }));
        else
          item.append(
            el('a', { href: c.url, target: '_blank', rel: 'noopener noreferrer' }, c.filename ?? c.url),
          );
        if (c.caption) item.append(el('div', {}, c.caption));
        return;
      }
      case 'buttons':
        if (c.header) item.append(el('strong', {}, c.header), document.createTextNode('\n'));
        item.append(document.createTextNode(c.text), chips(c.chips, 'button', id));
        if (c.footer) item.append(el('small', {}, c.footer));
        return;
      case 'list':
        if (c.header) item.append(el('strong', {}, c.header), document.createTextNode('\n'));
        item.append(document.createTextNode(c.text), el('div', { class: 'chips-title' }, c.buttonText));
        for (const s of c.sections) {
          if (s.title) item.append(el('div', { class: 'chips-title' }, s.title));
          item.append(chips(s.chips, 'list', id));
        }
        if (c.footer) item.append(el('small', {}, c.footer));
        return;
    }
  }

  let shown = 0;
  function render(): void {
    const history: readonly Entry[] = client.history;
    // Append new entries; rebuild only when earlier ones changed state (ticks).
    log.replaceChildren();
    for (const entry of history) {
      const item = el('li', { class: `msg ${entry.dir}` });
      if (entry.dir === 'in') content(item, entry.content, entry.id);
      else {
        item.append(document.createTextNode(entry.text));
        const label =
          entry.status === 'read'
            ? `✓✓ ${t.read}`
            : entry.status === 'sent'
              ? `✓ ${t.sent}`
              : entry.status === 'failed'
                ? `! ${t.failed}`
                : '…';
        item.append(el('span', { class: 'state' }, label));
      }
      log.append(item);
    }
    if (history.length !== shown) log.scrollTop = log.scrollHeight;
    shown = history.length;
    status.textContent = !client.connected
      ? t.offline
      : client.typing
        ? t.typing
        : client.lastError === 'WEBCHAT_MESSAGE_TOO_LONG'
          ? t.tooLong
          : '';
    if (client.emailSaved === true) details.replaceChildren(el('p', {}, t.emailSaved));
  }

  function setOpen(open: boolean): void {
    panel.hidden = !open;
    bubble.setAttribute('aria-expanded', String(open));
    bubble.setAttribute('aria-label', open ? t.close : t.open);
    if (open) {
      client.markShownAsRead();
      input.focus();
    } else bubble.focus();
  }

  bubble.addEventListener('click', () => setOpen(panel.hidden));
  closeButton.addEventListener('click', () => setOpen(false));
  panel.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') setOpen(false);
  });
  compose.addEventListener('submit', (e) => {
    e.preventDefault();
    const text = input.value.trim();
    if (text === '') return;
    client.lastError = null;
    client.say(text);
    input.value = '';
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      compose.requestSubmit();
    }
  });
  emailForm.addEventListener('submit', (e) => {
    e.preventDefault();
    if (!emailInput.checkValidity()) {
      status.textContent = t.emailInvalid;
      return;
    }
    client.giveEmail(emailInput.value.trim(), consent.checked);
  });
  document.addEventListener('visibilitychange', () => {
    if (!panel.hidden && document.visibilityState === 'visible') client.markShownAsRead();
  });
  render();
  client.connect();
}

void start();
