// The closed sets the assistant works with: the languages it understands and the intents it knows.

export const LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;
export type BotLanguage = (typeof LANGUAGES)[number];

export const INTENTS = [
  'donate',
  'donation_status',
  'project_update',
  'event_signup',
  'event_activity',
  'recurring_change',
  'receipt_request',
  'subscribe',
  'unsubscribe',
  'talk_to_human',
  'faq',
  'greeting',
  'thanks',
  'complaint',
  'none',
] as const;
export type Intent = (typeof INTENTS)[number];

export function isBotLanguage(value: string): value is BotLanguage {
  return (LANGUAGES as readonly string[]).includes(value);
}

export function isIntent(value: string): value is Intent {
  return (INTENTS as readonly string[]).includes(value);
}

/** One training or test phrase. */
export interface Example {
  readonly language: BotLanguage;
  readonly text: string;
  readonly intent: Intent;
}
