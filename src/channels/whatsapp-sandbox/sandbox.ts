import { randomBytes } from 'node:crypto';
import { isTemplateDefinition, readTemplate, signMetaWebhook, type TemplateDefinition } from '../whatsapp';

// A local stand-in for the WhatsApp Cloud API, for demos and tests without a Meta account. It is a
// sandbox, not WhatsApp: it speaks the subset of the Graph API that Filo uses (send, mark as read,
// list templates), enforces the rules that shape Filo's code (the 24-hour window, 80 messages per
// second per number, the pair rate, interactive and template limits), and calls Filo's webhook with
// payloads signed and shaped as Meta's are. Faults can be injected: latency, 5xx, duplicated and
// out-of-order webhooks. Phones (wa_ids) exist on demand; the phone page drives them.

export interface SandboxNumber {
  readonly id: string;
  readonly display: string;
  readonly wabaId: string;
}

export interface SandboxFaults {
  /** Added before every Graph API answer. */
  readonly latencyMs?: number;
  /** Share (0–1) of send requests answered with HTTP 500. */
  readonly serverErrorRate?: number;
  /** Share (0–1) of webhooks delivered twice. */
  readonly duplicateRate?: number;
  /** Deliver each message's statuses newest first (read, delivered, sent). */
  readonly reorderStatuses?: boolean;
}

export interface SandboxOptions {
  readonly appSecret: string;
  readonly accessToken: string;
  /** Where to POST webhooks (Filo's /webhooks/whatsapp). */
  readonly webhookUrl: string;
  readonly numbers: readonly SandboxNumber[];
  /** Message templates in the Graph API's own shape (GET /{waba}/message_templates items). */
  readonly templates?: readonly unknown[];
  /** Per number; Meta's default throughput is 80. */
  readonly messagesPerSecond?: number;
  /** Pair rate: a burst of `burst`, then one message every `everyMs` to the same person. */
  readonly pairRate?: { readonly burst: number; readonly everyMs: number };
  readonly faults?: SandboxFaults;
  /** Send `delivered` after `sent` on its own (the phone is on). Default true. */
  readonly autoDeliver?: boolean;
  /** Send `read` too, as if the person opened the chat at once (benchmarks). Default false. */
  readonly autoRead?: boolean;
  /** Delay before statuses are sent, in ms (default 50). */
  readonly statusDelayMs?: number;
  readonly fetch?: typeof fetch;
  readonly random?: () => number;
  readonly now?: () => number;
}

export type PhoneMessageStatus = 'sent' | 'delivered' | 'read' | 'failed';

export interface PhoneMessage {
  readonly id: string;
  /** in: the person wrote it; out: the business sent it. */
  readonly direction: 'in' | 'out';
  readonly numberId: string;
  readonly type: string;
  readonly text: string;
  /** Reply buttons or list rows the person can tap (business messages). */
  readonly options: readonly { readonly id: string; readonly title: string }[];
  readonly at: number;
  status: PhoneMessageStatus;
  readonly error: { readonly code: number; readonly title: string } | null;
}

export interface GraphReply {
  readonly status: number;
  readonly body: unknown;
}

interface Phone {
  readonly waId: string;
  name: string;
  readonly messages: PhoneMessage[];
  /** Per business number: the last time the person wrote to it (ms). */
  readonly lastInbound: Map<string, number>;
}

interface PairBucket {
  tokens: number;
  at: number;
}

export interface SandboxStats {
  readonly accepted: number;
  readonly rejected: Readonly<Record<string, number>>;
  /** Per number: the most sends accepted in any one-second window. */
  readonly maxPerSecond: Readonly<Record<string, number>>;
  readonly webhooksSent: number;
  readonly webhooksFailed: number;
}

function graphError(status: number, code: number, message: string, details?: string): GraphReply {
  return {
    status,
    body: {
      error: {
        message: `(#${code}) ${message}`,
        type: 'OAuthException',
        code,
        ...(details === undefined ? {} : { error_data: { messaging_product: 'whatsapp', details } }),
        fbtrace_id: `A${randomBytes(9).toString('base64url')}`,
      },
    },
  };
}

const invalidParameter = (details: string): GraphReply =>
  graphError(400, 131009, 'Parameter value is not valid', details);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function chars(text: string): number {
  return [...text].length;
}

const PARAM_FORBIDDEN = /[\n\r\t]| {5}/;
const PHONE = /^\+?[1-9]\d{6,14}$/;

export class WhatsAppSandbox {
  readonly #o: SandboxOptions;
  readonly #numbers: Map<string, SandboxNumber>;
  readonly #templates: TemplateDefinition[];
  readonly #rawTemplates: readonly unknown[];
  readonly #phones = new Map<string, Phone>();
  /** wamid → where it lives. */
  readonly #outbound = new Map<
    string,
    { phone: Phone; message: PhoneMessage; numberId: string; template: TemplateDefinition | null }
  >();
  readonly #sendTimes = new Map<string, number[]>();
  readonly #maxPerSecond = new Map<string, number>();
  readonly #pairs = new Map<string, PairBucket>();
  readonly #pending = new Set<Promise<void>>();
  readonly #fetch: typeof fetch;
  readonly #random: () => number;
  readonly #now: () => number;
  #accepted = 0;
  readonly #rejected: Record<string, number> = {};
  #webhooksSent = 0;
  #webhooksFailed = 0;
  faults: SandboxFaults;

  constructor(options: SandboxOptions) {
    this.#o = options;
    this.#numbers = new Map(options.numbers.map((n) => [n.id, n]));
    this.#rawTemplates = options.templates ?? DEFAULT_TEMPLATES;
    this.#templates = this.#rawTemplates.map(readTemplate).filter(isTemplateDefinition);
    this.#fetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.faults = options.faults ?? {};
  }

  get numbers(): readonly SandboxNumber[] {
    return [...this.#numbers.values()];
  }

  stats(): SandboxStats {
    return {
      accepted: this.#accepted,
      rejected: { ...this.#rejected },
      maxPerSecond: Object.fromEntries(this.#maxPerSecond),
      webhooksSent: this.#webhooksSent,
      webhooksFailed: this.#webhooksFailed,
    };
  }

  /** Resolves when every webhook started so far has been answered. */
  async settle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  // ---- Graph API -------------------------------------------------------------------------------

  #authorised(authorization: string | undefined): boolean {
    return authorization === `Bearer ${this.#o.accessToken}`;
  }

  async #latency(): Promise<void> {
    const ms = this.faults.latencyMs ?? 0;
    if (ms > 0) await new Promise((resolve) => setTimeout(resolve, ms));
  }

  #reject(reply: GraphReply): GraphReply {
    const code = String((reply.body as { error: { code: number } }).error.code);
    this.#rejected[code] = (this.#rejected[code] ?? 0) + 1;
    return reply;
  }

  /** POST /{version}/{phone-number-id}/messages */
  async messages(numberId: string, authorization: string | undefined, body: unknown): Promise<GraphReply> {
    await this.#latency();
    if (!this.#authorised(authorization)) {
      return this.#reject(graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token'));
    }
    const number = this.#numbers.get(numberId);
    if (number === undefined)
      return this.#reject(graphError(400, 100, 'Invalid parameter', 'Unknown phone number id'));
    if ((this.faults.serverErrorRate ?? 0) > 0 && this.#random() < (this.faults.serverErrorRate ?? 0)) {
      return this.#reject(graphError(500, 131000, 'Something went wrong'));
    }
    if (!isObject(body) || body.messaging_product !== 'whatsapp') {
      return this.#reject(graphError(400, 100, 'Invalid parameter', 'messaging_product must be "whatsapp"'));
    }
    if (body.status === 'read') return this.#markRead(number, body);
    const to = str(body.to) ?? str(body.recipient);
    if (to === undefined || !PHONE.test(to))
      return this.#reject(graphError(400, 100, 'Invalid parameter', 'to must be a phone number'));
    const waId = to.replace(/^\+/, '');
    const problem = this.#checkContent(body);
    if (problem !== null) return this.#reject(problem);
    // Throughput: at most N accepted sends in any one-second window, per number.
    const now = this.#now();
    const times = this.#sendTimes.get(numberId) ?? [];
    while (times.length > 0 && (times[0] as number) <= now - 1000) times.shift();
    const limit = this.#o.messagesPerSecond ?? 80;
    if (times.length >= limit) {
      return this.#reject(
        graphError(
          400,
          130429,
          'Rate limit hit',
          `Cloud API message throughput (${limit}/s) has been reached.`,
        ),
      );
    }
    const pairKey = `${numberId}:${waId}`;
    const pair = this.#o.pairRate ?? { burst: 45, everyMs: 6_000 };
    const bucket = this.#pairs.get(pairKey) ?? { tokens: pair.burst, at: now };
    bucket.tokens = Math.min(pair.burst, bucket.tokens + (now - bucket.at) / pair.everyMs);
    bucket.at = now;
    if (bucket.tokens < 1) {
      this.#pairs.set(pairKey, bucket);
      return this.#reject(
        graphError(
          400,
          131056,
          '(Business Account, Consumer Account) pair rate limit hit',
          'Too many messages sent from this phone number to the same phone number in a short period.',
        ),
      );
    }
    bucket.tokens -= 1;
    this.#pairs.set(pairKey, bucket);
    times.push(now);
    this.#sendTimes.set(numberId, times);
    this.#maxPerSecond.set(numberId, Math.max(this.#maxPerSecond.get(numberId) ?? 0, times.length));
    this.#accepted++;

    const phone = this.#phone(waId);
    const id = `wamid.${Buffer.from(`sandbox-${randomBytes(12).toString('hex')}`).toString('base64')}`;
    const type = str(body.type) ?? 'text';
    const template = type === 'template' ? this.#findTemplate(body) : null;
    const message: PhoneMessage = {
      id,
      direction: 'out',
      numberId,
      type,
      text: this.#render(body, template),
      options: this.#options(body, template),
      at: now,
      status: 'sent',
      error: null,
    };
    const lastInbound = phone.lastInbound.get(numberId);
    const windowOpen = lastInbound !== undefined && now - lastInbound < 24 * 3_600_000;
    // Meta accepts the request and reports a closed window afterwards, as a failed status.
    if (!windowOpen && type !== 'template') {
      this.#later(() =>
        this.#statuses(number, phone, [
          { message: { ...message, status: 'failed' }, status: 'failed', errorCode: 131047 },
        ]),
      );
      this.#outbound.set(id, { phone, message: { ...message, status: 'failed' }, numberId, template });
    } else {
      phone.messages.push(message);
      this.#outbound.set(id, { phone, message, numberId, template });
      const steps: ('sent' | 'delivered' | 'read')[] = ['sent'];
      if (this.#o.autoDeliver !== false) steps.push('delivered');
      if (this.#o.autoRead === true) steps.push('read');
      for (const step of steps) message.status = step;
      const ordered = this.faults.reorderStatuses === true ? [...steps].reverse() : steps;
      this.#later(() =>
        this.#statuses(
          number,
          phone,
          ordered.map((status) => ({ message, status, errorCode: null })),
          template,
        ),
      );
    }
    return {
      status: 200,
      body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: waId }], messages: [{ id }] },
    };
  }

  #markRead(number: SandboxNumber, body: Record<string, unknown>): GraphReply {
    const id = str(body.message_id);
    const target = id === undefined ? undefined : this.#findInbound(id);
    if (target === undefined)
      return this.#reject(graphError(400, 100, 'Invalid parameter', 'Unknown message_id'));
    // Reading a message marks it and every earlier one from that person as read.
    for (const m of target.phone.messages) {
      if (m.direction === 'in' && m.numberId === number.id && m.at <= target.message.at) m.status = 'read';
    }
    return { status: 200, body: { success: true } };
  }

  #findInbound(id: string): { phone: Phone; message: PhoneMessage } | undefined {
    for (const phone of this.#phones.values()) {
      const message = phone.messages.find((m) => m.id === id && m.direction === 'in');
      if (message) return { phone, message };
    }
    return undefined;
  }

  #findTemplate(body: Record<string, unknown>): TemplateDefinition | null {
    const t = isObject(body.template) ? body.template : {};
    const language = isObject(t.language) ? str(t.language.code) : undefined;
    return (
      this.#templates.find(
        (d) => d.name === str(t.name) && d.language === language && d.status === 'APPROVED',
      ) ?? null
    );
  }

  #checkContent(body: Record<string, unknown>): GraphReply | null {
    const type = str(body.type) ?? 'text';
    switch (type) {
      case 'text': {
        const text = isObject(body.text) ? str(body.text.body) : undefined;
        if (text === undefined || text.trim() === '') return invalidParameter('text.body is required');
        if (chars(text) > 4096) return invalidParameter('text.body is longer than 4096 characters');
        return null;
      }
      case 'interactive': {
        const i = isObject(body.interactive) ? body.interactive : null;
        if (i === null) return invalidParameter('interactive is required');
        const bodyText = isObject(i.body) ? str(i.body.text) : undefined;
        if (bodyText === undefined || chars(bodyText) > 1024)
          return invalidParameter('interactive.body.text is required (≤ 1024)');
        const action = isObject(i.action) ? i.action : {};
        if (i.type === 'button') {
          const buttons = Array.isArray(action.buttons) ? action.buttons : [];
          if (buttons.length < 1 || buttons.length > 3) return invalidParameter('1 to 3 buttons are allowed');
          for (const b of buttons) {
            const title = isObject(b) && isObject(b.reply) ? str(b.reply.title) : undefined;
            if (title === undefined || chars(title) > 20)
              return invalidParameter('button titles are at most 20 characters');
          }
          return null;
        }
        if (i.type === 'list') {
          const sections = Array.isArray(action.sections) ? action.sections : [];
          const rows: unknown[] = sections.flatMap((s): unknown[] =>
            isObject(s) && Array.isArray(s.rows) ? (s.rows as unknown[]) : [],
          );
          if (rows.length < 1 || rows.length > 10) return invalidParameter('1 to 10 list rows are allowed');
          for (const r of rows) {
            const title = isObject(r) ? str(r.title) : undefined;
            if (title === undefined || chars(title) > 24)
              return invalidParameter('row titles are at most 24 characters');
          }
          return null;
        }
        return invalidParameter('unsupported interactive type');
      }
      case 'template':
        return this.#checkTemplate(body);
      case 'image':
      case 'document':
      case 'audio':
      case 'video': {
        const media = isObject(body[type]) ? body[type] : null;
        if (media === null || (str(media.link) === undefined && str(media.id) === undefined))
          return invalidParameter(`${type}.link or ${type}.id is required`);
        return null;
      }
      default:
        return invalidParameter(`type ${type} is not supported by the sandbox`);
    }
  }

  #checkTemplate(body: Record<string, unknown>): GraphReply | null {
    const template = this.#findTemplate(body);
    if (template === null)
      return graphError(
        404,
        132001,
        'Template name does not exist in the translation',
        'template name or language not found among approved templates',
      );
    const t = body.template as Record<string, unknown>;
    const components = Array.isArray(t.components) ? t.components.filter(isObject) : [];
    for (const where of ['header', 'body'] as const) {
      const expected = template.parameters.filter((p) => p.component === where);
      const component = components.find((c) => c.type === where);
      const given =
        component !== undefined && Array.isArray(component.parameters)
          ? component.parameters.filter(isObject)
          : [];
      const textual = given.filter((p) => p.type === 'text');
      if (where === 'header' && expected.length === 0) continue;
      if (textual.length !== expected.length) {
        return graphError(
          400,
          132000,
          'Number of parameters does not match the expected number of params',
          `${where}: expected ${expected.length}, got ${textual.length}`,
        );
      }
      for (const [i, p] of textual.entries()) {
        const text = str(p.text) ?? '';
        if (text.trim() === '' || PARAM_FORBIDDEN.test(text)) {
          return graphError(
            400,
            132018,
            'There was an issue with the parameters in your template.',
            'Param text cannot have new-line/tab characters or more than 4 consecutive spaces',
          );
        }
        const spec = expected[i];
        if (
          spec?.format === 'named' &&
          !expected.some((e) => e.format === 'named' && e.name === str(p.parameter_name))
        ) {
          return graphError(
            400,
            132000,
            'Number of parameters does not match the expected number of params',
            `unknown parameter_name ${str(p.parameter_name) ?? ''}`,
          );
        }
      }
    }
    return null;
  }

  #render(body: Record<string, unknown>, template: TemplateDefinition | null): string {
    const type = str(body.type) ?? 'text';
    if (type === 'text' && isObject(body.text)) return str(body.text.body) ?? '';
    if (type === 'interactive' && isObject(body.interactive) && isObject(body.interactive.body))
      return str(body.interactive.body.text) ?? '';
    if (type === 'template' && template !== null) {
      const raw = this.#rawTemplates.find((r) => isObject(r) && r.id === template.id);
      const components =
        isObject(raw) && Array.isArray(raw.components) ? raw.components.filter(isObject) : [];
      const bodyText = str(components.find((c) => c.type === 'BODY')?.text) ?? template.name;
      const t = body.template as Record<string, unknown>;
      const given = (Array.isArray(t.components) ? t.components.filter(isObject) : []).find(
        (c) => c.type === 'body',
      );
      const params =
        given !== undefined && Array.isArray(given.parameters) ? given.parameters.filter(isObject) : [];
      return bodyText.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => {
        const byName = params.find((p) => p.parameter_name === key);
        const byPosition = /^\d+$/.test(key) ? params[Number(key) - 1] : undefined;
        return str((byName ?? byPosition)?.text) ?? whole;
      });
    }
    const media = isObject(body[type]) ? body[type] : null;
    return media ? `[${type}] ${str(media.caption) ?? str(media.filename) ?? ''}`.trim() : `[${type}]`;
  }

  #options(
    body: Record<string, unknown>,
    template: TemplateDefinition | null,
  ): { id: string; title: string }[] {
    if (template !== null) {
      const t = body.template as Record<string, unknown>;
      const buttons = (Array.isArray(t.components) ? t.components.filter(isObject) : []).filter(
        (c) => c.type === 'button',
      );
      return template.quickReplies.map((title, i) => {
        const given = buttons.find((b) => b.index === String(i));
        const param =
          given && Array.isArray(given.parameters) ? given.parameters.filter(isObject)[0] : undefined;
        return { id: `template:${str(param?.payload) ?? title}`, title };
      });
    }
    if (!isObject(body.interactive)) return [];
    const action = isObject(body.interactive.action) ? body.interactive.action : {};
    if (Array.isArray(action.buttons)) {
      return action.buttons.filter(isObject).map((b) => ({
        id: `button:${str((b.reply as Record<string, unknown>).id) ?? ''}`,
        title: str((b.reply as Record<string, unknown>).title) ?? '',
      }));
    }
    if (Array.isArray(action.sections)) {
      return action.sections
        .filter(isObject)
        .flatMap((s) => (Array.isArray(s.rows) ? s.rows.filter(isObject) : []))
        .map((r) => ({ id: `list:${str(r.id) ?? ''}`, title: str(r.title) ?? '' }));
    }
    return [];
  }

  /** GET /{version}/{waba-id}/message_templates (one page: the sandbox has few templates). */
  async listTemplates(wabaId: string, authorization: string | undefined): Promise<GraphReply> {
    await this.#latency();
    if (!this.#authorised(authorization))
      return graphError(401, 190, 'Invalid OAuth access token - Cannot parse access token');
    if (![...this.#numbers.values()].some((n) => n.wabaId === wabaId))
      return graphError(400, 100, 'Invalid parameter', 'Unknown WhatsApp Business Account');
    return {
      status: 200,
      body: { data: this.#rawTemplates, paging: { cursors: { before: 'QVFIUk', after: 'QVFIUk' } } },
    };
  }

  // ---- The phone side ----------------------------------------------------------------------------

  #phone(waId: string, name?: string): Phone {
    let phone = this.#phones.get(waId);
    if (phone === undefined) {
      phone = { waId, name: name ?? waId, messages: [], lastInbound: new Map() };
      this.#phones.set(waId, phone);
    } else if (name !== undefined && name !== '') {
      phone.name = name;
    }
    return phone;
  }

  /** The person writes to a business number (or taps a button: `reply`). Resolves once the webhook is answered. */
  async phoneSend(input: {
    readonly waId: string;
    readonly name: string;
    readonly numberId?: string;
    readonly text?: string;
    readonly reply?: { readonly id: string; readonly title: string; readonly toMessageId: string };
  }): Promise<PhoneMessage> {
    if (!/^[1-9]\d{6,14}$/.test(input.waId)) throw new RangeError('waId must be a phone number in digits');
    const number = input.numberId === undefined ? this.numbers[0] : this.#numbers.get(input.numberId);
    if (number === undefined) throw new RangeError('Unknown business number');
    const phone = this.#phone(input.waId, input.name);
    const now = this.#now();
    const id = `wamid.${Buffer.from(`sandbox-in-${randomBytes(12).toString('hex')}`).toString('base64')}`;
    const timestamp = String(Math.floor(now / 1000));
    let item: Record<string, unknown>;
    let text: string;
    if (input.reply !== undefined) {
      const [kind, ...rest] = input.reply.id.split(':');
      const replyId = rest.join(':');
      text = input.reply.title;
      const context = { from: number.display, id: input.reply.toMessageId };
      item =
        kind === 'template'
          ? { context, from: phone.waId, id, timestamp, type: 'button', button: { payload: replyId, text } }
          : kind === 'list'
            ? {
                context,
                from: phone.waId,
                id,
                timestamp,
                type: 'interactive',
                interactive: { type: 'list_reply', list_reply: { id: replyId, title: text } },
              }
            : {
                context,
                from: phone.waId,
                id,
                timestamp,
                type: 'interactive',
                interactive: { type: 'button_reply', button_reply: { id: replyId, title: text } },
              };
    } else {
      text = (input.text ?? '').slice(0, 4096);
      if (text.trim() === '') throw new RangeError('text is required');
      item = { from: phone.waId, id, timestamp, text: { body: text }, type: 'text' };
    }
    const message: PhoneMessage = {
      id,
      direction: 'in',
      numberId: number.id,
      type: 'text',
      text,
      options: [],
      at: now,
      status: 'sent',
      error: null,
    };
    phone.messages.push(message);
    phone.lastInbound.set(number.id, now);
    const value = {
      messaging_product: 'whatsapp',
      metadata: { display_phone_number: number.display, phone_number_id: number.id },
      contacts: [{ profile: { name: phone.name }, wa_id: phone.waId }],
      messages: [item],
    };
    const delivered = await this.#post(this.#envelope(number, value));
    message.status = delivered ? 'delivered' : 'sent';
    return message;
  }

  /** The person opens the chat: every business message they have not read becomes read. */
  async phoneRead(waId: string): Promise<number> {
    const phone = this.#phones.get(waId);
    if (phone === undefined) return 0;
    const unread = phone.messages.filter(
      (m) => m.direction === 'out' && (m.status === 'sent' || m.status === 'delivered'),
    );
    for (const m of unread) m.status = 'read';
    const byNumber = new Map<string, PhoneMessage[]>();
    for (const m of unread) byNumber.set(m.numberId, [...(byNumber.get(m.numberId) ?? []), m]);
    for (const [numberId, messages] of byNumber) {
      const number = this.#numbers.get(numberId);
      if (number)
        this.#later(() =>
          this.#statuses(
            number,
            phone,
            messages.map((message) => ({ message, status: 'read' as const, errorCode: null })),
          ),
        );
    }
    return unread.length;
  }

  phoneThread(waId: string): { readonly name: string; readonly messages: readonly PhoneMessage[] } {
    const phone = this.#phones.get(waId);
    return { name: phone?.name ?? '', messages: phone ? phone.messages.map((m) => ({ ...m })) : [] };
  }

  // ---- Webhooks ------------------------------------------------------------------------------------

  #envelope(number: SandboxNumber, value: unknown): unknown {
    return {
      object: 'whatsapp_business_account',
      entry: [{ id: number.wabaId, changes: [{ value, field: 'messages' }] }],
    };
  }

  #later(task: () => Promise<unknown>): void {
    const delay = this.#o.statusDelayMs ?? 50;
    // Unreferenced: webhooks the sandbox still owes never keep a process alive on their own.
    const run = new Promise<void>((resolve) => setTimeout(resolve, delay).unref()).then(task).then(
      () => undefined,
      () => undefined,
    );
    this.#pending.add(run);
    void run.finally(() => this.#pending.delete(run));
  }

  async #statuses(
    number: SandboxNumber,
    phone: Phone,
    steps: readonly {
      message: PhoneMessage;
      status: 'sent' | 'delivered' | 'read' | 'failed';
      errorCode: number | null;
    }[],
    template: TemplateDefinition | null = null,
  ): Promise<void> {
    // One webhook per status, as Meta sends them.
    for (const step of steps) {
      const timestamp = String(Math.floor(this.#now() / 1000));
      const marketing = template?.category === 'MARKETING';
      const category = template === null ? 'service' : template.category.toLowerCase();
      const status: Record<string, unknown> = {
        id: step.message.id,
        status: step.status,
        timestamp,
        recipient_id: phone.waId,
      };
      if (step.status === 'sent' || step.status === 'delivered') {
        status.conversation = {
          id: `sandbox${phone.waId}${number.id}`.slice(0, 32),
          ...(step.status === 'sent'
            ? { expiration_timestamp: String(Math.floor(this.#now() / 1000) + 86_400) }
            : {}),
          origin: { type: category },
        };
        status.pricing = {
          billable: template !== null,
          pricing_model: 'PMP',
          category,
          type: template === null ? 'free_customer_service' : marketing ? 'regular' : 'regular',
        };
      }
      if (step.status === 'failed' && step.errorCode === 131047) {
        status.errors = [
          {
            code: 131047,
            title: 'Re-engagement message',
            message: 'Re-engagement message',
            error_data: {
              details:
                'Message failed to send because more than 24 hours have passed since the customer last replied to this number.',
            },
            href: 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/',
          },
        ];
      }
      await this.#post(
        this.#envelope(number, {
          messaging_product: 'whatsapp',
          metadata: { display_phone_number: number.display, phone_number_id: number.id },
          statuses: [status],
        }),
      );
    }
  }

  /** Signs and posts one webhook (twice, under the duplicate fault); retries a few times like Meta. */
  async #post(payload: unknown): Promise<boolean> {
    const raw = JSON.stringify(payload);
    const times =
      (this.faults.duplicateRate ?? 0) > 0 && this.#random() < (this.faults.duplicateRate ?? 0) ? 2 : 1;
    let ok = false;
    for (let n = 0; n < times; n++) ok = (await this.#deliver(raw)) || ok;
    return ok;
  }

  async #deliver(raw: string): Promise<boolean> {
    for (let attempt = 0; attempt < 4; attempt++) {
      try {
        const response = await this.#fetch(this.#o.webhookUrl, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-hub-signature-256': signMetaWebhook(this.#o.appSecret, raw),
          },
          body: raw,
        });
        await response.text();
        if (response.ok) {
          this.#webhooksSent++;
          return true;
        }
      } catch {
        // Filo is not listening yet, or restarting: try again shortly.
      }
      await new Promise((resolve) => setTimeout(resolve, 200 * 2 ** attempt));
    }
    this.#webhooksFailed++;
    return false;
  }
}

/** Templates the sandbox knows unless given others: Meta's list shape, in Italian, English and German. */
export const DEFAULT_TEMPLATES: readonly unknown[] = Object.freeze([
  ...(
    [
      [
        'it',
        'Ciao {{first_name}}, grazie di cuore per il tuo sostegno. Ti scriviamo per un aggiornamento: rispondi a questo messaggio per continuare.',
      ],
      [
        'en',
        'Hello {{first_name}}, thank you for your support. We have an update for you: reply to this message to continue.',
      ],
      [
        'de',
        'Hallo {{first_name}}, danke für deine Unterstützung. Wir haben Neuigkeiten für dich: antworte auf diese Nachricht, um weiterzuschreiben.',
      ],
    ] as const
  ).map(([language, text], i) => ({
    name: 'conversation_restart',
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text,
        example: { body_text_named_params: [{ param_name: 'first_name', example: 'Giulia' }] },
      },
    ],
    language,
    status: 'APPROVED',
    category: 'UTILITY',
    id: `90000000000000${i}`,
  })),
  // The donor journeys' utility templates (src/campaigns/donor-messages.ts): the thank-you after a gift
  // and the "your gift paid for …" message, for donors whose 24-hour window is closed.
  ...(
    [
      [
        'donation_thank_you',
        'it',
        'Grazie {{first_name}}! Abbiamo ricevuto il tuo dono di {{amount}}. Segui ogni euro fino alla spesa che pagherà: {{link}}',
      ],
      [
        'donation_thank_you',
        'en',
        'Thank you {{first_name}}! We received your gift of {{amount}}. Follow every euro up to the expense it pays for: {{link}}',
      ],
      [
        'donation_thank_you',
        'de',
        'Danke {{first_name}}! Wir haben deine Spende über {{amount}} erhalten. Verfolge jeden Euro bis zur Ausgabe, die er bezahlt: {{link}}',
      ],
      [
        'donation_used',
        'it',
        'Buone notizie {{first_name}}: {{amount}} del tuo dono hanno pagato «{{expense}}». Fattura e prova: {{link}}',
      ],
      [
        'donation_used',
        'en',
        'Good news {{first_name}}: {{amount}} of your gift paid for “{{expense}}”. Invoice and proof: {{link}}',
      ],
      [
        'donation_used',
        'de',
        'Gute Nachricht {{first_name}}: {{amount}} deiner Spende haben „{{expense}}“ bezahlt. Rechnung und Nachweis: {{link}}',
      ],
      [
        'recurring_payment_failed',
        'it',
        'Ciao {{first_name}}, il tuo dono mensile di {{amount}} non è andato a buon fine. Riproveremo nei prossimi giorni. Aggiorna la carta, cambia l’importo o metti in pausa: {{link}}',
      ],
      [
        'recurring_payment_failed',
        'en',
        'Hello {{first_name}}, your monthly gift of {{amount}} did not go through. We will try again in the next few days. Update your card, change the amount or pause: {{link}}',
      ],
      [
        'recurring_payment_failed',
        'de',
        'Hallo {{first_name}}, deine monatliche Spende über {{amount}} konnte nicht eingezogen werden. Wir versuchen es erneut. Karte ändern, Betrag anpassen oder pausieren: {{link}}',
      ],
      [
        'recurring_debit_returned',
        'it',
        'Ciao {{first_name}}, il tuo dono mensile di {{amount}} con addebito diretto SEPA è stato respinto dalla tua banca. Il mandato resta attivo: il prossimo addebito è il mese prossimo. Cambia l’importo, metti in pausa o annulla: {{link}}',
      ],
      [
        'recurring_debit_returned',
        'en',
        'Hello {{first_name}}, your monthly gift of {{amount}} by SEPA Direct Debit was returned by your bank. Your mandate stays active: the next debit is next month. Change the amount, pause or cancel: {{link}}',
      ],
      [
        'recurring_debit_returned',
        'de',
        'Hallo {{first_name}}, deine monatliche Spende über {{amount}} per SEPA-Lastschrift wurde von deiner Bank zurückgegeben. Dein Mandat bleibt aktiv: die nächste Lastschrift folgt nächsten Monat. Betrag ändern, pausieren oder beenden: {{link}}',
      ],
      [
        'recurring_cancelled',
        'it',
        'Ciao {{first_name}}, il tuo dono mensile di {{amount}} è stato annullato. Grazie per tutto quello che hai donato finora.',
      ],
      [
        'recurring_cancelled',
        'en',
        'Hello {{first_name}}, your monthly gift of {{amount}} has been cancelled. Thank you for everything you have given.',
      ],
      [
        'recurring_cancelled',
        'de',
        'Hallo {{first_name}}, deine monatliche Spende über {{amount}} wurde beendet. Danke für alles, was du gegeben hast.',
      ],
      [
        'event_personal_link',
        'it',
        'Ciao {{first_name}}, sei iscritto/a a «{{event}}». Con il tuo link personale registri chilometri e tempi, senza password (tienilo per te): {{link}}',
      ],
      [
        'event_personal_link',
        'en',
        'Hello {{first_name}}, you are signed up for “{{event}}”. Log your kilometres and times with your personal link, no password needed (keep it to yourself): {{link}}',
      ],
      [
        'event_personal_link',
        'de',
        'Hallo {{first_name}}, du bist für „{{event}}“ angemeldet. Mit deinem persönlichen Link trägst du Kilometer und Zeiten ein, ohne Passwort (behalte ihn für dich): {{link}}',
      ],
    ] as const
  ).map(([name, language, text], i) => ({
    name,
    parameter_format: 'NAMED',
    components: [
      {
        type: 'BODY',
        text,
        example: {
          body_text_named_params: [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => ({
            param_name: m[1],
            example:
              m[1] === 'amount'
                ? '5,00 €'
                : m[1] === 'link'
                  ? 'https://example.org/track/abc'
                  : m[1] === 'event'
                    ? 'Corri per la mensa'
                    : 'Giulia',
          })),
        },
      },
    ],
    language,
    status: 'APPROVED',
    category: 'UTILITY',
    id: `90000000000002${i}`,
  })),
  {
    name: 'campaign_update',
    parameter_format: 'POSITIONAL',
    components: [
      {
        type: 'BODY',
        text: 'Ciao {{1}}, la campagna {{2}} ha raggiunto il {{3}} del suo obiettivo.',
        example: { body_text: [['Marco', 'Acqua pulita', '80%']] },
      },
      {
        type: 'BUTTONS',
        buttons: [
          { type: 'QUICK_REPLY', text: 'Dimmi di più' },
          { type: 'QUICK_REPLY', text: 'Stop' },
        ],
      },
    ],
    language: 'it',
    status: 'APPROVED',
    category: 'MARKETING',
    id: '900000000000010',
  },
]);
