// The assistant's dialogue layer: deterministic flows (give from the chat, where is my money, project
// news and FAQ from the knowledge base, news consent, recurring-gift and receipt links, event sign-up
// and activity logging, handoff) over the understanding of src/bot, with one state per conversation
// and one stored answer per message.
export { BotAssistant } from './bot-assistant';
export {
  DialogueEngine,
  channelCapabilities,
  MISUNDERSTOOD_LIMIT,
  PAYMENT_LINK_MINUTES,
  PRESET_AMOUNTS,
  type DialogueDeps,
} from './dialogue-engine';
export { DIALOGUE_TEXTS, type DialogueTexts } from './texts';
export { formatDate, formatMoney } from './format';
