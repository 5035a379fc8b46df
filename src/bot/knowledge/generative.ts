import type { Config } from '../../core';
import { unsupportedFigures } from './figures';

// The optional generative answerer: asks any OpenAI-compatible Chat Completions endpoint to rephrase
// the retrieved knowledge-base answer for the supporter's question. The model may only rephrase: its
// reply is used only if every figure in it (amounts, percentages, dates, counts) is in the source
// entries or in the ledger facts passed in. Anything else — an invented figure, an empty or overlong
// reply, a refusal, a timeout, an HTTP error, a body that is not Chat Completions — falls back to the
// retrieved answer verbatim. Neither the question nor the reply is logged.

export type LlmSettings = NonNullable<Config['llm']>;

export interface RephraseSource {
  readonly id: string;
  readonly title: string;
  readonly text: string;
}

export interface RephraseInput {
  readonly question: string;
  readonly language: string;
  readonly organisation: string;
  readonly sources: readonly RephraseSource[];
  /** Figures the ledger vouches for ("Your gift of €5 on 12 March paid for 3 school meals"). */
  readonly facts: readonly string[];
}

export type RephraseOutcome =
  | { readonly ok: true; readonly text: string }
  | {
      readonly ok: false;
      readonly reason:
        'timeout' | 'http-error' | 'bad-response' | 'invented-figures' | 'declined' | 'unreachable';
      readonly detail?: string;
    };

const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  it: 'Italian',
  en: 'English',
  de: 'German',
  es: 'Spanish',
  fr: 'French',
};

export const NO_ANSWER = 'NO_ANSWER';
const MAX_REPLY = 2000;

export function buildMessages(input: RephraseInput): { role: 'system' | 'user'; content: string }[] {
  const language = LANGUAGE_NAMES[input.language] ?? input.language;
  const system = [
    `You answer supporters of ${input.organisation}, a nonprofit, in a chat.`,
    `Rephrase the SOURCES below into a short, warm reply in ${language} to the supporter's question.`,
    'Use only what the sources and the facts say. Never add a number, amount, percentage, date or name that is not in them.',
    `If the sources do not answer the question, reply exactly ${NO_ANSWER}.`,
  ].join(' ');
  const sources = input.sources.map((s) => `[${s.id}] ${s.title}\n${s.text}`).join('\n\n');
  const facts =
    input.facts.length > 0
      ? `\n\nFACTS FROM THE LEDGER:\n${input.facts.map((f) => `- ${f}`).join('\n')}`
      : '';
  return [
    { role: 'system', content: system },
    { role: 'user', content: `SOURCES:\n${sources}${facts}\n\nQUESTION:\n${input.question}` },
  ];
}

export class GenerativeAnswerer {
  readonly #settings: LlmSettings;
  readonly #fetch: typeof fetch;

  constructor(
    settings: LlmSettings,
    fetchImpl: typeof fetch = (input, init) => globalThis.fetch(input, init),
  ) {
    this.#settings = settings;
    this.#fetch = fetchImpl;
  }

  get model(): string {
    return this.#settings.model;
  }

  async rephrase(input: RephraseInput): Promise<RephraseOutcome> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.#settings.timeoutMs);
    let response: Response;
    let body: unknown;
    try {
      response = await this.#fetch(`${this.#settings.baseUrl}/chat/completions`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(this.#settings.apiKey ? { authorization: `Bearer ${this.#settings.apiKey}` } : {}),
        },
        body: JSON.stringify({
          model: this.#settings.model,
          messages: buildMessages(input),
          temperature: 0.2,
          max_tokens: 400,
        }),
        signal: controller.signal,
      });
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        return { ok: false, reason: 'http-error', detail: `HTTP ${response.status}` };
      }
      body = await response.json();
    } catch (error) {
      if (controller.signal.aborted) return { ok: false, reason: 'timeout' };
      if (error instanceof SyntaxError) return { ok: false, reason: 'bad-response', detail: 'not JSON' };
      return { ok: false, reason: 'unreachable' };
    } finally {
      clearTimeout(timer);
    }
    const content = (body as { choices?: { message?: { content?: unknown } }[] } | null)?.choices?.[0]
      ?.message?.content;
    if (typeof content !== 'string')
      return { ok: false, reason: 'bad-response', detail: 'no choices[0].message.content' };
    const text = content.trim();
    if (text === '' || text.length > MAX_REPLY)
      return { ok: false, reason: 'bad-response', detail: 'empty or too long' };
    if (text.includes(NO_ANSWER)) return { ok: false, reason: 'declined' };
    const invented = unsupportedFigures(text, [
      ...input.sources.map((s) => s.text),
      ...input.sources.map((s) => s.title),
      ...input.facts,
    ]);
    if (invented.length > 0) {
      return { ok: false, reason: 'invented-figures', detail: invented.map((f) => f.text).join(', ') };
    }
    return { ok: true, text };
  }
}
