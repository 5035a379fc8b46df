// A small, defensive reader of Internet messages (RFC 5322 headers, RFC 2045–2047 MIME): enough to
// read a supporter's reply and a delivery status notification (RFC 3464). It never throws on junk:
// every limit is a bound (header count, nesting, parts), and what cannot be read is left out.

export interface MimeHeader {
  readonly name: string;
  readonly value: string;
}

export interface MimePart {
  readonly headers: readonly MimeHeader[];
  /** Lower-case type/subtype, `text/plain` when absent (RFC 2045 default). */
  readonly contentType: string;
  readonly params: Readonly<Record<string, string>>;
  /** Decoded bytes of a leaf part. */
  readonly body: Buffer;
  readonly parts: readonly MimePart[];
}

const MAX_HEADERS = 500;
const MAX_DEPTH = 8;
const MAX_PARTS = 100;

export function header(headers: readonly MimeHeader[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name === lower)?.value ?? null;
}

/** Splits a message into its header block and body at the first empty line. */
function split(raw: Buffer): { head: string; body: Buffer } | null {
  const crlf = raw.indexOf('\r\n\r\n');
  const lf = raw.indexOf('\n\n');
  let at = -1;
  let skip = 0;
  if (crlf !== -1 && (lf === -1 || crlf < lf)) {
    at = crlf;
    skip = 4;
  } else if (lf !== -1) {
    at = lf;
    skip = 2;
  }
  if (at === -1) return { head: raw.toString('latin1'), body: Buffer.alloc(0) };
  return { head: raw.subarray(0, at).toString('latin1'), body: raw.subarray(at + skip) };
}

function decodeCharset(bytes: Buffer, charset: string): string {
  try {
    return new TextDecoder(charset.toLowerCase() || 'utf-8', { fatal: false }).decode(bytes);
  } catch {
    return bytes.toString('utf8');
  }
}

function decodeQuotedPrintable(text: string): Buffer {
  const soft = text.replace(/=\r?\n/g, '');
  const out: number[] = [];
  for (let i = 0; i < soft.length; i++) {
    const c = soft.charCodeAt(i);
    if (c === 0x3d && /^[0-9A-Fa-f]{2}$/.test(soft.slice(i + 1, i + 3))) {
      out.push(parseInt(soft.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(c & 0xff);
  }
  return Buffer.from(out);
}

/** RFC 2047 encoded words (=?utf-8?Q?…?= / =?utf-8?B?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(=\?[^?\s]+\?[BbQq]\?[^?\s]*\?=)\s+(?==\?)/g, '$1')
    .replace(/=\?([^?\s]+)\?([BbQq])\?([^?\s]*)\?=/g, (_all, charset: string, enc: string, text: string) => {
      const bytes =
        enc.toUpperCase() === 'B'
          ? Buffer.from(text, 'base64')
          : decodeQuotedPrintable(text.replace(/_/g, ' '));
      return decodeCharset(bytes, charset.split('*')[0] ?? 'utf-8');
    });
}

function parseHeaders(head: string): MimeHeader[] | null {
  const lines = head.split(/\r?\n/);
  const out: { name: string; value: string }[] = [];
  for (const line of lines) {
    if (/^[ \t]/.test(line) && out.length > 0) {
      const last = out[out.length - 1] as { name: string; value: string };
      last.value += ` ${line.trim()}`;
      continue;
    }
    if (line === '') continue;
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name)) return null;
    out.push({ name, value: line.slice(colon + 1).trim() });
    if (out.length > MAX_HEADERS) return null;
  }
  return out.map((h) => ({ name: h.name, value: decodeWords(h.value) }));
}

/** `type/subtype; a=b; c="d"` → the type and its parameters (names lower-case). */
export function parseParams(value: string | null): { value: string; params: Record<string, string> } {
  if (value === null) return { value: '', params: {} };
  const [first, ...rest] = value.split(';');
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const piece of rest) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const name = piece.slice(0, eq).trim().toLowerCase();
    let v = piece.slice(eq + 1).trim();
    if (v.startsWith('"') && v.endsWith('"') && v.length >= 2) v = v.slice(1, -1).replace(/\\(.)/g, '$1');
    params[name] = v;
  }
  return { value: (first ?? '').trim().toLowerCase(), params };
}

function decodeBody(body: Buffer, encoding: string | null): Buffer {
  switch ((encoding ?? '').trim().toLowerCase()) {
    case 'base64':
      return Buffer.from(body.toString('latin1').replace(/[^A-Za-z0-9+/=]/g, ''), 'base64');
    case 'quoted-printable':
      return decodeQuotedPrintable(body.toString('latin1'));
    default:
      return body;
  }
}

function splitMultipart(body: Buffer, boundary: string): Buffer[] {
  const text = body.toString('latin1');
  const delimiter = `--${boundary}`;
  const pieces: Buffer[] = [];
  let at = text.indexOf(delimiter);
  while (at !== -1 && pieces.length < MAX_PARTS) {
    const start = at + delimiter.length;
    if (text.startsWith('--', start)) break;
    const next = text.indexOf(`\n${delimiter}`, start);
    const end = next === -1 ? text.length : next;
    const content = text
      .slice(start, end)
      .replace(/^[ \t]*\r?\n/, '')
      .replace(/\r$/, '');
    pieces.push(Buffer.from(content, 'latin1'));
    at = next === -1 ? -1 : next + 1;
  }
  return pieces;
}

function parsePart(raw: Buffer, depth: number, count: { n: number }): MimePart | null {
  count.n++;
  if (depth > MAX_DEPTH || count.n > MAX_PARTS) return null;
  const halves = split(raw);
  if (halves === null) return null;
  const headers = parseHeaders(halves.head);
  if (headers === null) return null;
  const type = parseParams(header(headers, 'content-type'));
  const contentType = type.value === '' ? 'text/plain' : type.value;
  const boundary = type.params.boundary;
  if (contentType.startsWith('multipart/') && boundary !== undefined && boundary !== '') {
    const parts: MimePart[] = [];
    for (const piece of splitMultipart(halves.body, boundary)) {
      const part = parsePart(piece, depth + 1, count);
      if (part !== null) parts.push(part);
    }
    return { headers, contentType, params: type.params, body: Buffer.alloc(0), parts };
  }
  return {
    headers,
    contentType,
    params: type.params,
    body: decodeBody(halves.body, header(headers, 'content-transfer-encoding')),
    parts: [],
  };
}

/** The message's tree of parts, or null when the header block is not one. */
export function parseMessage(raw: Buffer): MimePart | null {
  try {
    return parsePart(raw, 0, { n: 0 });
  } catch {
    return null;
  }
}

/** Headers only (the `text/rfc822-headers` part of a bounce). */
export function parseHeaderBlock(text: string): MimeHeader[] | null {
  return parseHeaders(text.split(/\r?\n\r?\n/)[0] ?? '');
}

export function textOf(part: MimePart): string {
  return decodeCharset(part.body, part.params.charset ?? 'utf-8');
}

/** Depth-first leaves of the tree. */
export function leaves(part: MimePart): MimePart[] {
  return part.parts.length === 0 ? [part] : part.parts.flatMap(leaves);
}

/** The first address in an address header (`Name <a@b>` or `a@b`), lower-case; null when none. */
export function addressOf(value: string | null): { address: string; name: string | null } | null {
  if (value === null) return null;
  const angle = /^(.*?)<([^<>\s]+@[^<>\s]+)>/.exec(value);
  if (angle !== null) {
    const name = (angle[1] ?? '').trim().replace(/^"|"$/g, '').trim();
    return { address: (angle[2] ?? '').toLowerCase(), name: name === '' ? null : name };
  }
  const bare = /([^\s<>,;"]+@[^\s<>,;"]+)/.exec(value);
  return bare === null ? null : { address: (bare[1] ?? '').toLowerCase(), name: null };
}

/** Message ids in `<…>` (In-Reply-To, References, Message-ID), without the brackets. */
export function messageIds(value: string | null): string[] {
  if (value === null) return [];
  return [...value.matchAll(/<([^<>\s]{1,250})>/g)].map((m) => m[1] as string);
}

/** Turns simple HTML into text, for mail that has no text/plain part. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
