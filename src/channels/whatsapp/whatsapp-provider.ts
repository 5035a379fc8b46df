import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import { FiloError } from '../../core';
import { checkOutboundMessage, invalidMessage } from '../check-outbound';
import { ChannelErrors } from '../errors';
import type {
  ChannelCapabilities,
  ChannelProvider,
  InboundHeaders,
  OutboundMessage,
  ParseResult,
  SendFailure,
  SendResult,
  SignatureCheck,
} from '../port';
import { buildMessageBody, type Json } from './build-request';
import { classifyGraphError } from './classify-error';
import { resolveWhatsAppConfig, type ResolvedWhatsAppConfig, type WhatsAppConfig } from './config';
import { parseWhatsAppWebhook } from './parse-inbound';
import {
  isTemplateDefinition,
  readTemplate,
  TemplatesPage,
  type SkippedTemplate,
  type TemplateDefinition,
  type TemplateSyncResult,
} from './templates';
import {
  verifyMetaSignature,
  verifyWebhookChallenge,
  type ChallengeResult,
  type WebhookQuery,
} from './webhook-auth';
import { checkWhatsAppRules, WHATSAPP_CAPABILITIES } from './whatsapp-rules';

// The WhatsApp Cloud API adapter of the ChannelProvider port, plus what only Meta has: the webhook
// subscription handshake and the template registry. Pure protocol: no database, no routes.

export interface WhatsAppProvider extends ChannelProvider {
  readonly kind: 'whatsapp';
  /** Answers Meta's GET subscription handshake (hub.mode, hub.verify_token, hub.challenge). */
  verifyWebhookChallenge(query: WebhookQuery): ChallengeResult;
  /**
   * Reads every message template of the business account (all pages). Rejects with a FiloError:
   * CHANNEL_CONFIG_INVALID without a business account id, CHANNEL_TEMPLATE_SYNC_FAILED when the Graph
   * API refuses (its classification in `details.failure`), CHANNEL_PROVIDER_RESPONSE_INVALID on a bad page.
   */
  syncTemplates(): Promise<TemplateSyncResult>;
}

const GraphErrorBody = Type.Object({
  error: Type.Object({
    code: Type.Optional(Type.Integer()),
    message: Type.Optional(Type.String()),
    type: Type.Optional(Type.String()),
    error_subcode: Type.Optional(Type.Integer()),
    error_data: Type.Optional(Type.Object({ details: Type.Optional(Type.String()) })),
    fbtrace_id: Type.Optional(Type.String()),
  }),
});

const SendResponse = Type.Object({
  contacts: Type.Optional(
    Type.Array(
      Type.Object({
        input: Type.Optional(Type.String()),
        wa_id: Type.Optional(Type.String()),
        user_id: Type.Optional(Type.String()),
      }),
    ),
  ),
  messages: Type.Array(Type.Object({ id: Type.String({ minLength: 1 }) }), { minItems: 1 }),
});

const ReadResponse = Type.Object({ success: Type.Literal(true) });

/** Safety net against a provider (or a sandbox bug) that keeps answering with a next page. */
const MAX_TEMPLATE_PAGES = 200;

type Reply =
  | { readonly ok: true; readonly status: number; readonly body: unknown }
  | { readonly ok: false; readonly failure: SendFailure };

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value === '' ? null : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function failureFromResponse(status: number, body: unknown): SendFailure {
  if (!Value.Check(GraphErrorBody, body)) {
    return classifyGraphError({
      httpStatus: status,
      providerCode: null,
      message: `HTTP ${status} without a Graph API error body`,
    });
  }
  const e = body.error;
  const details: Record<string, string | number> = {};
  if (e.error_subcode !== undefined) details.subcode = e.error_subcode;
  if (e.error_data?.details !== undefined) details.details = e.error_data.details;
  if (e.fbtrace_id !== undefined) details.fbtraceId = e.fbtrace_id;
  return classifyGraphError({
    httpStatus: status,
    providerCode: e.code ?? null,
    message: e.message ?? `HTTP ${status}`,
    details: Object.keys(details).length === 0 ? null : details,
  });
}

function invalidResponse(status: number, message: string): SendFailure {
  // A 2xx we cannot read may still mean the message went out: never retried, to avoid sending it twice.
  return {
    kind: 'permanent',
    retry: false,
    code: 'CHANNEL_PROVIDER_RESPONSE_INVALID',
    message,
    providerCode: null,
    httpStatus: status,
    details: null,
  };
}

class WhatsAppCloudProvider implements WhatsAppProvider {
  readonly kind = 'whatsapp' as const;
  readonly capabilities: ChannelCapabilities = WHATSAPP_CAPABILITIES;
  readonly #config: ResolvedWhatsAppConfig;

  constructor(config: ResolvedWhatsAppConfig) {
    this.#config = config;
  }

  verifySignature(rawBody: Buffer, headers: InboundHeaders): SignatureCheck {
    return verifyMetaSignature(this.#config.appSecret, rawBody, headers);
  }

  verifyWebhookChallenge(query: WebhookQuery): ChallengeResult {
    return verifyWebhookChallenge(this.#config.verifyToken, query);
  }

  parseInbound(rawBody: Buffer): ParseResult {
    return parseWhatsAppWebhook(rawBody);
  }

  async send(message: OutboundMessage): Promise<SendResult> {
    let body: Json;
    try {
      const found = checkOutboundMessage(message, this.capabilities) ?? checkWhatsAppRules(message);
      if (found !== null) return { ok: false, failure: invalidMessage(found) };
      body = buildMessageBody(message);
    } catch {
      // Only a message that is not of its declared shape (an old or hand-made job payload) gets here.
      return {
        ok: false,
        failure: invalidMessage({
          code: 'CHANNEL_MESSAGE_UNSUPPORTED',
          message: 'The message does not have the shape of its type',
          details: null,
        }),
      };
    }
    const reply = await this.#request('POST', `${this.#config.phoneNumberId}/messages`, body);
    if (!reply.ok) return reply;
    if (message.type === 'mark_read') {
      if (!Value.Check(ReadResponse, reply.body)) {
        return { ok: false, failure: invalidResponse(reply.status, 'The read receipt was not confirmed') };
      }
      return { ok: true, providerMessageId: null, recipientKey: null };
    }
    if (!Value.Check(SendResponse, reply.body)) {
      return { ok: false, failure: invalidResponse(reply.status, 'The send response carries no message id') };
    }
    const contact = reply.body.contacts?.[0];
    const recipientKey = nonEmpty(contact?.wa_id) ?? nonEmpty(contact?.user_id);
    return { ok: true, providerMessageId: reply.body.messages[0]?.id ?? null, recipientKey };
  }

  async syncTemplates(): Promise<TemplateSyncResult> {
    const accountId = this.#config.businessAccountId;
    if (accountId === null) {
      throw new FiloError(ChannelErrors.CHANNEL_CONFIG_INVALID, {
        message: 'WhatsApp: businessAccountId is required to read message templates',
      });
    }
    const templates: TemplateDefinition[] = [];
    const skipped: SkippedTemplate[] = [];
    const fields = 'id,name,language,status,category,parameter_format,components';
    let after: string | null = null;
    for (let page = 0; page < MAX_TEMPLATE_PAGES; page++) {
      // Follow the `after` cursor ourselves rather than the absolute `paging.next` URL, so that the
      // bearer token only ever goes to the configured Graph URL.
      const query = new URLSearchParams({ fields, limit: '100' });
      if (after !== null) query.set('after', after);
      const reply = await this.#request('GET', `${accountId}/message_templates?${query.toString()}`);
      if (!reply.ok) {
        throw new FiloError(ChannelErrors.CHANNEL_TEMPLATE_SYNC_FAILED, {
          message: `${ChannelErrors.CHANNEL_TEMPLATE_SYNC_FAILED.message}: ${reply.failure.message}`,
          details: { failure: reply.failure },
        });
      }
      if (!Value.Check(TemplatesPage, reply.body)) {
        throw new FiloError(ChannelErrors.CHANNEL_PROVIDER_RESPONSE_INVALID, {
          message: 'The message_templates page has no data array',
        });
      }
      for (const raw of reply.body.data) {
        const read = readTemplate(raw);
        if (isTemplateDefinition(read)) templates.push(read);
        else skipped.push(read);
      }
      const next = reply.body.paging?.next;
      const cursor = reply.body.paging?.cursors?.after;
      // Graph API pages end when `next` is absent; a repeated cursor would loop forever.
      if (next === undefined || cursor === undefined || cursor === '' || cursor === after) {
        return { templates, skipped };
      }
      after = cursor;
    }
    throw new FiloError(ChannelErrors.CHANNEL_PROVIDER_RESPONSE_INVALID, {
      message: `The message_templates list did not end after ${MAX_TEMPLATE_PAGES} pages`,
    });
  }

  async #request(method: 'GET' | 'POST', path: string, body?: Json): Promise<Reply> {
    const { graphUrl, graphVersion, accessToken, timeoutMs } = this.#config;
    const headers: Record<string, string> = { Authorization: `Bearer ${accessToken}` };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    let response: Response;
    let text: string;
    try {
      response = await this.#config.fetch(`${graphUrl}/${graphVersion}/${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      text = await response.text();
    } catch (cause) {
      // Network failure or timeout: no answer at all. The message says which, never the request.
      const reason = cause instanceof Error ? cause.name : 'unknown';
      return {
        ok: false,
        failure: classifyGraphError({
          httpStatus: null,
          providerCode: null,
          message: `No answer from the Graph API (${reason})`,
        }),
      };
    }
    const parsed = parseJson(text);
    if (!response.ok) return { ok: false, failure: failureFromResponse(response.status, parsed) };
    return { ok: true, status: response.status, body: parsed };
  }
}

/** Builds the adapter; throws CHANNEL_CONFIG_INVALID when the configuration is incomplete. */
export function createWhatsAppProvider(config: WhatsAppConfig): WhatsAppProvider {
  return new WhatsAppCloudProvider(resolveWhatsAppConfig(config));
}
