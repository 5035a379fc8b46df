import { botModule } from '../bot';
import { knowledgeModule } from '../bot/knowledge';
import { campaignUpdatesModule, donorMessagesModule } from '../campaigns';
import { conversationsModule } from '../conversations';
import { webchatEmailModule } from '../channels';
import { eventsModule } from '../events';
import { paymentsModule } from '../payments';
import { receiptsModule } from '../payments/receipts';
import { reconciliationModule } from '../payments/reconciliation';
import { sepaModule } from '../payments/sepa';
import type { ModuleFactory } from './modules';

// The feature modules Filo runs, in build order (a module may use the ones before it). One line each.
export const FEATURE_MODULES: readonly ModuleFactory[] = [
  // Donor journeys: the thank-you and "your gift paid for …" messages (campaigns).
  donorMessagesModule,
  // Campaign updates: staff news and the ledger's "€… paid for …" on the public page, JSON and Atom (campaigns).
  campaignUpdatesModule,
  // WhatsApp (or its sandbox), the webhook, outbound pacing, the inbox (conversations).
  conversationsModule,
  // Web chat (widget.js, /webchat/ws) and e-mail (SMTP or its sandbox, unsubscribe, bounces) (channels).
  webchatEmailModule,
  // Giving: Stripe or the payment sandbox, checkouts, /webhooks/stripe into the ledger (payments).
  paymentsModule,
  // Receipts (it/de), annual statements with what each gift paid for, campaign reports (payments/receipts).
  receiptsModule,
  // The assistant's understanding: intents and entities in it/en/de/es/fr, /api/v1/assistant (bot).
  botModule,
  // The assistant's knowledge base: FAQ and project pages, BM25F retrieval, optional LLM rephrasing (bot/knowledge).
  knowledgeModule,
  // Virtual events: sign-ups, activities, totals, leaderboards, /api/v1/events; the assistant signs up and logs through it (events).
  eventsModule,
  // Bank reconciliation: camt.053 and CSV statements, credits matched to donors, the queue (payments/reconciliation).
  reconciliationModule,
  // SEPA Direct Debit: mandates for monthly gifts, pain.008 collection batches, settlement and returns (payments/sepa).
  sepaModule,
];
