import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { OutboundProblem } from '../check-outbound';
import { ChannelErrors } from '../errors';
import type { OutboundTemplate } from '../port';

// The template registry model: what Filo needs to know of each approved WhatsApp template to send it
// (which placeholders, with which examples), read from GET /{waba-id}/message_templates. Reference:
// developers.facebook.com/documentation/business-messaging/whatsapp/templates/overview (components,
// `parameter_format` NAMED or POSITIONAL, examples in `body_text_named_params` / `body_text`,
// `header_text_named_params` / `header_text`).

export type TemplateCategory = 'MARKETING' | 'UTILITY' | 'AUTHENTICATION';

export type TemplateStatus =
  | 'APPROVED'
  | 'PENDING'
  | 'REJECTED'
  | 'PAUSED'
  | 'DISABLED'
  | 'IN_APPEAL'
  | 'PENDING_DELETION'
  | 'DELETED'
  | 'LIMIT_EXCEEDED'
  | 'ARCHIVED'
  /** A status Meta added after this code was written: treat as not sendable. */
  | 'UNKNOWN';

export type TemplateParameterSpec =
  | {
      readonly format: 'named';
      readonly component: 'header' | 'body';
      readonly name: string;
      readonly example: string | null;
    }
  | {
      readonly format: 'positional';
      readonly component: 'header' | 'body';
      /** 1 for {{1}}. */
      readonly position: number;
      readonly example: string | null;
    };

export interface TemplateDefinition {
  /** Meta's template id. */
  readonly id: string;
  readonly name: string;
  readonly language: string;
  readonly category: TemplateCategory;
  readonly status: TemplateStatus;
  readonly parameterFormat: 'named' | 'positional';
  /** Header parameters first, then the body's, each in order of first appearance (positional: by number). */
  readonly parameters: readonly TemplateParameterSpec[];
  /** Labels of the quick-reply buttons, in order (their payloads are set at send time). */
  readonly quickReplies: readonly string[];
}

export interface SkippedTemplate {
  readonly name: string | null;
  readonly language: string | null;
  readonly reason: 'invalid_shape' | 'unknown_category';
}

export interface TemplateSyncResult {
  readonly templates: readonly TemplateDefinition[];
  /** Entries that could not be read into the model, so that an admin can see why a template is missing. */
  readonly skipped: readonly SkippedTemplate[];
}

const KNOWN_STATUSES: ReadonlySet<string> = new Set<TemplateStatus>([
  'APPROVED',
  'PENDING',
  'REJECTED',
  'PAUSED',
  'DISABLED',
  'IN_APPEAL',
  'PENDING_DELETION',
  'DELETED',
  'LIMIT_EXCEEDED',
  'ARCHIVED',
]);

export const TemplatesPage = Type.Object({
  data: Type.Array(Type.Unknown()),
  paging: Type.Optional(
    Type.Object({
      cursors: Type.Optional(Type.Object({ after: Type.Optional(Type.String()) })),
      next: Type.Optional(Type.String()),
    }),
  ),
});

const TemplateItem = Type.Object({
  id: Type.String({ minLength: 1 }),
  name: Type.String({ minLength: 1 }),
  language: Type.String({ minLength: 1 }),
  status: Type.String(),
  category: Type.String(),
  parameter_format: Type.Optional(Type.String()),
  components: Type.Optional(Type.Array(Type.Unknown())),
});

const NamedExamples = Type.Array(Type.Object({ param_name: Type.String(), example: Type.String() }));

const TextComponent = Type.Object({
  type: Type.Union([Type.Literal('HEADER'), Type.Literal('BODY')]),
  format: Type.Optional(Type.String()),
  text: Type.String(),
  example: Type.Optional(
    Type.Object({
      header_text: Type.Optional(Type.Array(Type.String())),
      header_text_named_params: Type.Optional(NamedExamples),
      body_text: Type.Optional(Type.Array(Type.Array(Type.String()))),
      body_text_named_params: Type.Optional(NamedExamples),
    }),
  ),
});

const ButtonsComponent = Type.Object({
  type: Type.Literal('BUTTONS'),
  buttons: Type.Array(Type.Object({ type: Type.String(), text: Type.Optional(Type.String()) })),
});

const PLACEHOLDER = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g;

function placeholders(text: string): string[] {
  const seen: string[] = [];
  for (const match of text.matchAll(PLACEHOLDER)) {
    const key = match[1];
    if (key !== undefined && !seen.includes(key)) seen.push(key);
  }
  return seen;
}

function textParameters(component: unknown, format: 'named' | 'positional'): TemplateParameterSpec[] {
  if (!Value.Check(TextComponent, component)) return [];
  const where = component.type === 'HEADER' ? 'header' : 'body';
  const example = component.example;
  const keys = placeholders(component.text);
  if (format === 'named') {
    const named =
      (where === 'header' ? example?.header_text_named_params : example?.body_text_named_params) ?? [];
    return keys.map((name) => ({
      format: 'named',
      component: where,
      name,
      example: named.find((e) => e.param_name === name)?.example ?? null,
    }));
  }
  const positional = (where === 'header' ? example?.header_text : example?.body_text?.[0]) ?? [];
  return keys
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
    .sort((a, b) => a - b)
    .map((position) => ({
      format: 'positional',
      component: where,
      position,
      example: positional[position - 1] ?? null,
    }));
}

/** One entry of the Graph API's list → the model, or why it was skipped. */
export function readTemplate(raw: unknown): TemplateDefinition | SkippedTemplate {
  if (!Value.Check(TemplateItem, raw)) {
    const name = typeof raw === 'object' && raw !== null ? (raw as { name?: unknown }).name : undefined;
    return { name: typeof name === 'string' ? name : null, language: null, reason: 'invalid_shape' };
  }
  const category = raw.category;
  if (category !== 'MARKETING' && category !== 'UTILITY' && category !== 'AUTHENTICATION') {
    return { name: raw.name, language: raw.language, reason: 'unknown_category' };
  }
  // Meta's default is positional; named is opt-in at creation.
  const parameterFormat = raw.parameter_format?.toUpperCase() === 'NAMED' ? 'named' : 'positional';
  const components = raw.components ?? [];
  const header = components.filter((c) => Value.Check(TextComponent, c) && c.type === 'HEADER');
  const body = components.filter((c) => Value.Check(TextComponent, c) && c.type === 'BODY');
  const parameters = [...header, ...body].flatMap((c) => textParameters(c, parameterFormat));
  const quickReplies = components
    .filter((c) => Value.Check(ButtonsComponent, c))
    .flatMap((c) => (Value.Check(ButtonsComponent, c) ? c.buttons : []))
    .filter((b) => b.type === 'QUICK_REPLY')
    .map((b) => b.text ?? '');
  return {
    id: raw.id,
    name: raw.name,
    language: raw.language,
    category,
    status: KNOWN_STATUSES.has(raw.status) ? (raw.status as TemplateStatus) : 'UNKNOWN',
    parameterFormat,
    parameters,
    quickReplies,
  };
}

export function isTemplateDefinition(
  value: TemplateDefinition | SkippedTemplate,
): value is TemplateDefinition {
  return 'id' in value;
}

function parameterProblem(field: string, message: string): OutboundProblem {
  return { code: 'CHANNEL_TEMPLATE_PARAMETER_INVALID', message, details: { field } };
}

/**
 * Does this message fill exactly the placeholders of this template? Meta answers a missing or extra
 * parameter with error #132000 only after the send; the registry lets the caller find out before.
 */
export function checkTemplateParameters(
  template: TemplateDefinition,
  message: OutboundTemplate,
): OutboundProblem | null {
  if (message.name !== template.name || message.language !== template.language) {
    return {
      code: 'CHANNEL_TEMPLATE_NAME_INVALID',
      message: ChannelErrors.CHANNEL_TEMPLATE_NAME_INVALID.message,
      details: { field: 'name' },
    };
  }
  const wantedHeader = template.parameters.filter((p) => p.component === 'header');
  const wantedBody = template.parameters.filter((p) => p.component === 'body');
  const header = message.header;
  const headerTexts = header !== undefined && header.type === 'text' ? 1 : 0;
  if (headerTexts !== wantedHeader.length) {
    return parameterProblem('header', `The template's header takes ${wantedHeader.length} parameter(s)`);
  }
  const body = message.body;
  const given = body?.values.length ?? 0;
  if (given !== wantedBody.length) {
    return parameterProblem(
      'body',
      `The template's body takes ${wantedBody.length} parameter(s), not ${given}`,
    );
  }
  if (body !== undefined && given > 0 && body.format !== template.parameterFormat) {
    return parameterProblem('body.format', `The template uses ${template.parameterFormat} parameters`);
  }
  if (body?.format === 'named') {
    const names = new Set(body.values.map((v) => v.name));
    const missing = wantedBody.find((p) => p.format === 'named' && !names.has(p.name));
    if (missing !== undefined && missing.format === 'named') {
      return parameterProblem(`body.${missing.name}`, `The template's body needs {{${missing.name}}}`);
    }
  }
  if ((message.quickReplyPayloads?.length ?? 0) > template.quickReplies.length) {
    return parameterProblem(
      'quickReplyPayloads',
      `The template has ${template.quickReplies.length} quick-reply button(s)`,
    );
  }
  return null;
}
