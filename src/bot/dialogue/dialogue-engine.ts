import { EMAIL_CAPABILITIES, WEBCHAT_CAPABILITIES, WHATSAPP_CAPABILITIES } from '../../channels';
import type { ChannelCapabilities } from '../../channels';
import type { CampaignsService } from '../../campaigns';
import { CHANNELS, type Channel, type ContactsService } from '../../contacts';
import type { AssistantDecision, AssistantInboundMessage, OutboundDraft } from '../../conversations';
import { isFiloError, systemClock, type Clock } from '../../core';
import {
  MAX_ACTIVITY_METRES,
  MAX_ACTIVITY_SECONDS,
  type EventsService,
  type RegistrationChannel,
  type VirtualEvent,
} from '../../events';
import type { LedgerService } from '../../ledger';
import type { OrganisationService } from '../../organisation';
import { MAX_GIFT_MINOR, MIN_GIFT_MINOR, type PaymentsService, type ReceiptsService } from '../../payments';
import type { FiloModule } from '../../runtime/modules';
import type { Store } from '../../store';
import { isBotLanguage, type BotLanguage, type Intent } from '../intents';
import type { KnowledgeService } from '../knowledge';
import { normalise } from '../text';
import type { Understanding, UnderstandOptions } from '../understander';
import { bareAmount, clip, formatDate, formatDistance, formatDuration, formatMoney } from './format';
import { choiceMessage, type Choice } from './menus';
import { DIALOGUE_TEXTS, type DialogueTexts } from './texts';

// The assistant's dialogue layer: from one inbound message (and the conversation's state) to a reply,
// a flow step or a handoff. Flows are deterministic; every figure in a reply comes from the ledger or
// the knowledge base. Each answered message is stored with its decision, so that a retried job gets
// the same answer and no second payment link or consent.

/** Amounts offered as buttons, in minor units of the organisation's currency. */
export const PRESET_AMOUNTS = [500, 1000, 2000] as const;
/** Messages in a row not understood before a person takes over. */
export const MISUNDERSTOOD_LIMIT = 2;
export const PAYMENT_LINK_MINUTES = 24 * 60;
const RECENT_GIFTS = 5;
const CONSENT_WORDING_VERSION = 'assistant-news-v1';

const STEPS = ['donate.amount', 'event.pick', 'event.confirm', 'event.which', 'event.figures'] as const;
type Step = (typeof STEPS)[number];

/** An activity told in a message, kept while the supporter picks (or signs up for) its event. */
interface PendingActivity {
  readonly distanceMetres: number | null;
  readonly durationSeconds: number | null;
  readonly date: string | null;
  /** The message that told it: one activity per message, however often the choice is tapped. */
  readonly key: string;
}

interface StateData {
  /** The ids of the last menu's choices, for a numbered reply ("2"). */
  readonly menu?: readonly string[];
  readonly pending?: PendingActivity;
  /** The event a yes/no question is about, so that a typed "yes" answers it. */
  readonly eventId?: string;
}

interface State {
  readonly step: Step | null;
  readonly data: StateData;
  readonly misunderstood: number;
  readonly language: BotLanguage;
}

interface Turn {
  readonly intent: string;
  readonly decision: AssistantDecision;
  readonly state: State;
}

/** What the engine needs; later modules (payments, knowledge, receipts) are looked up when used. */
export interface DialogueDeps {
  readonly store: Store;
  readonly understand: (text: string, options: UnderstandOptions) => Understanding;
  readonly ledger: LedgerService;
  readonly contacts: ContactsService;
  readonly campaigns: CampaignsService;
  readonly organisation: OrganisationService;
  readonly publicUrl: string;
  readonly modules: ReadonlyMap<string, FiloModule>;
  readonly clock?: Clock;
  readonly logger?: { warn(obj: Record<string, unknown>, msg?: string): void };
  /** The channel's capabilities (defaults: the adapters' own). */
  readonly capabilities?: (channel: string) => ChannelCapabilities;
}

const TEXT_ONLY: ChannelCapabilities = EMAIL_CAPABILITIES;

export function channelCapabilities(channel: string): ChannelCapabilities {
  switch (channel) {
    case 'whatsapp':
      return WHATSAPP_CAPABILITIES;
    case 'webchat':
      return WEBCHAT_CAPABILITIES;
    default:
      return TEXT_ONLY;
  }
}

type Action =
  | { readonly kind: 'intent'; readonly intent: Intent; readonly understanding: Understanding | null }
  | { readonly kind: 'amount'; readonly minor: number; readonly currency: string }
  | { readonly kind: 'other_amount' }
  | { readonly kind: 'event_pick'; readonly eventId: string }
  | { readonly kind: 'event_join'; readonly eventId: string }
  | { readonly kind: 'event_log'; readonly eventId: string }
  | { readonly kind: 'event_no' };

const text = (body: string): OutboundDraft => ({ type: 'text', body, previewUrl: false });

/** What an events step came to: words for the supporter, or a reason to hand over. */
type EventOutcome = { readonly body: string } | { readonly handoff: string };

function outcomeDecision(outcome: EventOutcome, t: DialogueTexts): AssistantDecision {
  return 'body' in outcome
    ? { kind: 'reply', messages: [text(outcome.body)] }
    : { kind: 'handoff', reason: outcome.handoff, messages: [text(t.handoffGeneric)] };
}

export class DialogueEngine {
  readonly #d: DialogueDeps;
  readonly #clock: Clock;
  readonly #publicUrl: string;

  constructor(deps: DialogueDeps) {
    this.#d = deps;
    this.#clock = deps.clock ?? systemClock;
    this.#publicUrl = deps.publicUrl.replace(/\/+$/, '');
  }

  /** The ConversationAssistant hook: never throws; what it cannot handle goes to a person. */
  async handleInbound(message: AssistantInboundMessage): Promise<AssistantDecision> {
    const db = this.#d.store.db;
    const prior = await db
      .selectFrom('dialogue_turns')
      .select('decision')
      .where('message_id', '=', message.messageId)
      .executeTakeFirst();
    if (prior) return JSON.parse(prior.decision) as AssistantDecision;
    const state = await this.#state(message);
    let turn: Turn;
    try {
      turn = await this.#decide(message, state);
    } catch (error) {
      this.#d.logger?.warn(
        {
          err: error instanceof Error ? error.message : String(error),
          conversationId: message.conversationId,
        },
        'assistant: dialogue failed, handing over',
      );
      turn = {
        intent: 'error',
        decision: { kind: 'handoff', reason: 'assistant_error' },
        state: { ...state, step: null, data: {} },
      };
    }
    const now = this.#clock.now().toISOString();
    const stored = await db.transaction().execute(async (trx) => {
      const inserted = await trx
        .insertInto('dialogue_turns')
        .values({
          message_id: message.messageId,
          conversation_id: message.conversationId,
          contact_id: message.contactId,
          intent: turn.intent,
          decision: JSON.stringify(turn.decision),
          created_at: now,
        })
        .onConflict((oc) => oc.column('message_id').doNothing())
        .executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) {
        const row = await trx
          .selectFrom('dialogue_turns')
          .select('decision')
          .where('message_id', '=', message.messageId)
          .executeTakeFirstOrThrow();
        return JSON.parse(row.decision) as AssistantDecision;
      }
      const values = {
        contact_id: message.contactId,
        step: turn.state.step,
        data: JSON.stringify(turn.state.data),
        misunderstood: turn.state.misunderstood,
        language: turn.state.language,
        updated_at: now,
      };
      await trx
        .insertInto('dialogue_states')
        .values({ conversation_id: message.conversationId, ...values })
        .onConflict((oc) => oc.column('conversation_id').doUpdateSet(values))
        .execute();
      return turn.decision;
    });
    return stored;
  }

  /** Deletes a contact's dialogue state and answered turns (GDPR erasure). */
  async eraseContact(contactId: string): Promise<void> {
    await this.#d.store.db.deleteFrom('dialogue_states').where('contact_id', '=', contactId).execute();
    await this.#d.store.db.deleteFrom('dialogue_turns').where('contact_id', '=', contactId).execute();
  }

  async #state(message: AssistantInboundMessage): Promise<State> {
    const row = await this.#d.store.db
      .selectFrom('dialogue_states')
      .selectAll()
      .where('conversation_id', '=', message.conversationId)
      .executeTakeFirst();
    const fallback: BotLanguage = isBotLanguage(message.language) ? message.language : 'en';
    if (!row) return { step: null, data: {}, misunderstood: 0, language: fallback };
    let data: StateData = {};
    try {
      data = JSON.parse(row.data) as StateData;
    } catch {
      data = {};
    }
    return {
      step: (STEPS as readonly string[]).includes(row.step ?? '') ? (row.step as Step) : null,
      data,
      misunderstood: Number(row.misunderstood),
      language: isBotLanguage(row.language) ? row.language : fallback,
    };
  }

  #caps(message: AssistantInboundMessage): ChannelCapabilities {
    return (this.#d.capabilities ?? channelCapabilities)(message.channel);
  }

  // ---- deciding --------------------------------------------------------------------------------------

  async #decide(message: AssistantInboundMessage, state: State): Promise<Turn> {
    const content = message.content;
    // A reaction or a system notice (number changed) asks for nothing.
    if (content.kind === 'reaction' || content.kind === 'reaction_removed' || content.kind === 'system')
      return { intent: 'ignored', decision: { kind: 'none' }, state };
    const contactLanguage: BotLanguage = isBotLanguage(message.language) ? message.language : state.language;
    const currency = (await this.#d.organisation.get()).currency;

    // A tapped button or list row of ours.
    if (content.kind === 'button_reply' || content.kind === 'list_reply') {
      const action = parseChoiceId(content.id, currency);
      if (action) return this.#act(message, { ...state, language: contactLanguage }, action, contactLanguage);
    }
    const raw = message.text;
    if (raw === null || (content.kind !== 'text' && raw.trim() === '')) {
      const t = DIALOGUE_TEXTS[contactLanguage];
      return {
        intent: 'media',
        decision: { kind: 'handoff', reason: 'media', messages: [text(t.onlyText)] },
        state: { ...state, step: null, data: {} },
      };
    }
    const input = raw.slice(0, 10_000);

    // A numbered answer to the last text menu.
    const number = /^\s*(\d{1,2})\s*[.)]?\s*$/.exec(input);
    if (number && state.data.menu) {
      const id = state.data.menu[Number(number[1]) - 1];
      const action = id === undefined ? null : parseChoiceId(id, currency);
      if (action) return this.#act(message, state, action, state.language);
    }

    // "Sì" / "yes, sign me up" / "no" typed to the sign-up question answers it, whatever else it could mean
    // ("sì, iscrivimi" would otherwise read as a news subscription).
    if (state.step === 'event.confirm' && state.data.eventId) {
      const answer = yesOrNo(input);
      if (answer === 'yes')
        return this.#act(message, state, { kind: 'event_join', eventId: state.data.eventId }, state.language);
      if (answer === 'no') return this.#act(message, state, { kind: 'event_no' }, state.language);
    }

    const understanding = this.#d.understand(input, { language: contactLanguage, now: this.#clock.now() });
    // The detected language when the message was understood; a message that was not (junk, a few
    // unknown words) is answered in the supporter's own language.
    const language: BotLanguage =
      understanding.language === 'und' || understanding.intent === 'none'
        ? contactLanguage
        : understanding.language;

    // Waiting for an amount: "15", "15 euro", "venti euro"; anything else is a new request.
    if (state.step === 'donate.amount') {
      const money = understanding.entities.find((e) => e.type === 'money');
      if (money?.type === 'money')
        return this.#act(
          message,
          state,
          { kind: 'amount', minor: money.value, currency: money.currency },
          language,
        );
      const typed = bareAmount(input, currency);
      if (typed !== null)
        return this.#act(message, state, { kind: 'amount', minor: typed, currency }, language);
    }
    // Waiting for how far or how long: "5 km", "30 min" is the activity, whatever else it sounds like,
    // and is answered in the conversation's language (a bare figure tells no language).
    if (
      state.step === 'event.figures' &&
      understanding.entities.some((e) => e.type === 'distance' || e.type === 'duration')
    )
      return this.#act(
        message,
        state,
        { kind: 'intent', intent: 'event_activity', understanding },
        state.language,
        input,
      );
    return this.#act(
      message,
      { ...state, language },
      { kind: 'intent', intent: understanding.intent, understanding },
      language,
      input,
    );
  }

  async #act(
    message: AssistantInboundMessage,
    state: State,
    action: Action,
    language: BotLanguage,
    input = '',
  ): Promise<Turn> {
    const t = DIALOGUE_TEXTS[language];
    const base: State = { step: null, data: {}, misunderstood: 0, language };
    switch (action.kind) {
      case 'amount':
        return this.#donate(message, base, t, language, { minor: action.minor, currency: action.currency });
      case 'other_amount':
        return {
          intent: 'donate',
          decision: { kind: 'reply', messages: [text(t.writeAmount)] },
          state: { ...base, step: 'donate.amount' },
        };
      case 'event_pick':
        return this.#eventConfirm(message, base, t, language, action.eventId, state.data.pending ?? null);
      case 'event_join':
        return this.#eventJoin(message, base, t, language, action.eventId, state.data.pending ?? null);
      case 'event_log':
        return this.#eventLogIn(message, base, t, language, action.eventId, state.data.pending ?? null);
      case 'event_no':
        return {
          intent: 'event_signup',
          decision: { kind: 'reply', messages: [text(t.events.cancelled)] },
          state: base,
        };
      case 'intent':
        break;
    }
    const u = action.understanding;
    const handoff = (reason: string, body: string = t.handoffGeneric): Turn => ({
      intent: action.intent,
      decision: { kind: 'handoff', reason, messages: [text(body)] },
      state: base,
    });
    switch (action.intent) {
      case 'donate': {
        const money = u?.entities.find((e) => e.type === 'money');
        return this.#donate(
          message,
          base,
          t,
          language,
          money?.type === 'money' ? { minor: money.value, currency: money.currency } : null,
        );
      }
      case 'donation_status':
        return { intent: 'donation_status', decision: await this.#status(message, t, language), state: base };
      case 'project_update':
      case 'faq': {
        const answer = await this.#knowledge(action.intent, input, language, t);
        return answer ? { intent: action.intent, decision: answer, state: base } : handoff('no_answer');
      }
      case 'subscribe':
      case 'unsubscribe':
        return {
          intent: action.intent,
          decision: await this.#consent(message, action.intent === 'subscribe', t),
          state: base,
        };
      case 'recurring_change':
        return this.#recurring(message, base, t, language);
      case 'receipt_request':
        return this.#receipt(message, base, t, language);
      case 'event_signup':
        if (!this.#events()) return handoff('event_signup_unavailable');
        return this.#eventSignup(message, base, t, language, null, null);
      case 'event_activity':
        if (!this.#events()) return handoff('event_activity_unavailable');
        return this.#eventActivity(message, base, t, language, u);
      case 'talk_to_human':
        return handoff('requested', t.handoffRequested);
      case 'complaint':
        return handoff('complaint', t.handoffComplaint);
      case 'greeting':
        return this.#menuTurn(
          'greeting',
          message,
          base,
          t.greeting((await this.#d.organisation.get()).name),
          t,
        );
      case 'thanks':
        return this.#menuTurn('thanks', message, base, t.thanks, t);
      case 'none':
        return this.#notUnderstood(message, state, base, t, u, input, language);
    }
  }

  async #notUnderstood(
    message: AssistantInboundMessage,
    state: State,
    base: State,
    t: DialogueTexts,
    u: Understanding | null,
    input: string,
    language: BotLanguage,
  ): Promise<Turn> {
    switch (u?.reason) {
      case 'empty':
      case 'no_words':
        return this.#menuTurn('none', message, { ...base, misunderstood: state.misunderstood }, t.noWords, t);
      case 'unsupported_language': {
        const bodies = [...new Set([t.unsupportedLanguage, DIALOGUE_TEXTS.en.unsupportedLanguage])];
        return {
          intent: 'none',
          decision: {
            kind: 'handoff',
            reason: 'unsupported_language',
            messages: [text(bodies.join('\n\n'))],
          },
          state: base,
        };
      }
      case 'unreadable':
      case 'low_confidence':
      case undefined:
        break;
    }
    // Perhaps the knowledge base knows (a question the classifier has no intent for).
    if (u?.reason !== 'unreadable') {
      const answer = await this.#knowledge('faq', input, language, t);
      if (answer) return { intent: 'faq', decision: answer, state: base };
    }
    const misunderstood = state.misunderstood + 1;
    if (misunderstood >= MISUNDERSTOOD_LIMIT) {
      return {
        intent: 'none',
        decision: { kind: 'handoff', reason: 'low_confidence', messages: [text(t.handoffGeneric)] },
        state: base,
      };
    }
    return this.#menuTurn('none', message, { ...base, misunderstood }, t.notUnderstood, t);
  }

  #menuTurn(
    intent: string,
    message: AssistantInboundMessage,
    state: State,
    lead: string,
    t: DialogueTexts,
  ): Turn {
    const choices: Choice[] = [
      { id: 'dlg:donate', title: t.options.donate },
      { id: 'dlg:status', title: t.options.status },
      { id: 'dlg:news', title: t.options.news },
      { id: 'dlg:human', title: t.options.human },
    ];
    const draft = choiceMessage(this.#caps(message), `${lead}\n${t.menuPrompt}`, choices, t.menuButton);
    return {
      intent,
      decision: { kind: 'reply', messages: [draft] },
      state: { ...state, data: menuData(draft, choices) },
    };
  }

  // ---- flows ------------------------------------------------------------------------------------------

  async #donate(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    amount: { minor: number; currency: string } | null,
  ): Promise<Turn> {
    const organisation = await this.#d.organisation.get();
    const currency = organisation.currency;
    const payments = this.#module<PaymentsService>('payments', 'createPaymentLink');
    if (!payments)
      return {
        intent: 'donate',
        decision: { kind: 'handoff', reason: 'payments_unavailable', messages: [text(t.handoffGeneric)] },
        state: base,
      };
    if (amount === null) {
      const choices: Choice[] = PRESET_AMOUNTS.map((minor) => ({
        id: `dlg:amount:${minor}`,
        title: formatMoney(minor, currency, language),
      }));
      const draft = choiceMessage(this.#caps(message), t.askAmount, choices, t.otherAmount);
      return {
        intent: 'donate',
        decision: { kind: 'reply', messages: [draft] },
        state: { ...base, step: 'donate.amount', data: menuData(draft, choices) },
      };
    }
    if (amount.currency !== currency || amount.minor < MIN_GIFT_MINOR || amount.minor > MAX_GIFT_MINOR) {
      return {
        intent: 'donate',
        decision: {
          kind: 'reply',
          messages: [
            text(
              t.amountRange(
                formatMoney(MIN_GIFT_MINOR, currency, language),
                formatMoney(MAX_GIFT_MINOR, currency, language),
              ),
            ),
          ],
        },
        state: { ...base, step: 'donate.amount' },
      };
    }
    const campaign = await this.#activeCampaign();
    try {
      const link = await payments.createPaymentLink(
        {
          campaign: campaign?.slug ?? null,
          amountMinor: amount.minor,
          contactId: message.contactId,
          expiresInMinutes: PAYMENT_LINK_MINUTES,
        },
        null,
      );
      return {
        intent: 'donate',
        decision: {
          kind: 'reply',
          messages: [
            text(
              t.payLink(
                formatMoney(link.amountMinor, link.currency, language),
                campaign?.name ?? null,
                link.url,
              ),
            ),
          ],
        },
        state: base,
      };
    } catch (error) {
      if (!isFiloError(error)) throw error;
      return {
        intent: 'donate',
        decision: {
          kind: 'handoff',
          reason: `payment_link_failed:${error.code}`,
          messages: [text(t.handoffGeneric)],
        },
        state: base,
      };
    }
  }

  async #activeCampaign() {
    const active = (await this.#d.campaigns.list()).filter((c) => c.status === 'active');
    const now = this.#clock.now().toISOString();
    const open = active.filter(
      (c) => (c.startsAt === null || c.startsAt <= now) && (c.endsAt === null || c.endsAt > now),
    );
    const pool = open.length > 0 ? open : active;
    return (
      [...pool].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))[0] ??
      null
    );
  }

  async #status(
    message: AssistantInboundMessage,
    t: DialogueTexts,
    language: BotLanguage,
  ): Promise<AssistantDecision> {
    const { items } = await this.#d.ledger.listDonations({
      limit: RECENT_GIFTS,
      contactId: message.contactId,
    });
    if (items.length === 0) return { kind: 'reply', messages: [text(t.noDonations)] };
    const blocks: string[] = [t.statusIntro];
    for (const donation of items) {
      const trace = await this.#d.ledger.trace(donation.receiptCode);
      const money = (minor: number) => formatMoney(minor, donation.currency, language);
      const lines = [
        t.statusGift(
          formatDate(donation.receivedAt, language),
          money(donation.grossMinor),
          trace.project?.name ?? trace.campaign?.name ?? null,
        ),
      ];
      const spent = new Map<string, { amount: number; what: string; date: string }>();
      for (const a of trace.allocations) {
        if (a.kind !== 'expense' || a.expense === null) continue;
        const prev = spent.get(a.expense.id);
        spent.set(a.expense.id, {
          amount: (prev?.amount ?? 0) + a.amountMinor,
          what: a.expense.description,
          date: a.expense.spentOn,
        });
      }
      if (spent.size > 0) {
        const parts = [...spent.values()]
          .slice(0, 3)
          .map((s) => t.statusSpentLine(money(s.amount), clip(s.what, 80), formatDate(s.date, language)));
        lines.push(t.statusSpent(parts.join('; ')));
      }
      if (donation.refundedMinor > 0) lines.push(t.statusRefunded(money(donation.refundedMinor)));
      if (donation.unspentMinor > 0) lines.push(t.statusUnspent(money(donation.unspentMinor)));
      lines.push(t.statusTrack(`${this.#publicUrl}/track/${donation.receiptCode}`));
      blocks.push(lines.join('\n'));
    }
    return { kind: 'reply', messages: [text(clip(blocks.join('\n\n'), this.#caps(message).text.maxLength))] };
  }

  async #knowledge(
    intent: 'faq' | 'project_update',
    input: string,
    language: BotLanguage,
    t: DialogueTexts,
  ): Promise<AssistantDecision | null> {
    const knowledge = this.#module<KnowledgeService>('knowledge', 'answer');
    if (!knowledge) return null;
    const question = input.slice(0, 2000);
    if (question.trim() !== '') {
      const answer = await knowledge.answer({ text: question, language });
      if (
        answer.kind === 'answer' &&
        (intent === 'faq' || answer.source.kind === 'project' || answer.confidence >= 0.5)
      )
        return { kind: 'reply', messages: [text(`${answer.text}\n\n${t.source(answer.source.title)}`)] };
      if (intent === 'faq') return null;
    }
    // Project news without a specific match: the most recently updated project page.
    const pages = await knowledge.list({ language, kind: 'project' });
    const latest = [...pages].sort((a, b) =>
      a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : 0,
    )[0];
    if (!latest) return null;
    return { kind: 'reply', messages: [text(`${latest.answer}\n\n${t.source(latest.question)}`)] };
  }

  async #consent(
    message: AssistantInboundMessage,
    granted: boolean,
    t: DialogueTexts,
  ): Promise<AssistantDecision> {
    const channel = consentChannel(message.channel);
    const contact = await this.#d.contacts.get(message.contactId);
    const current = contact.consents.find((c) => c.channel === channel && c.purpose === 'news');
    const confirmation = granted ? t.subscribed : t.unsubscribed;
    // Already in the asked state (or a retry after a crash): nothing new to record.
    if ((current?.status === 'granted') !== granted || (current === undefined && granted)) {
      await this.#d.contacts.recordConsent(message.contactId, {
        channel,
        purpose: 'news',
        granted,
        source: 'assistant',
        wordingVersion: CONSENT_WORDING_VERSION,
        wording: clip(message.text ?? '', 500),
        proof: { messageId: message.messageId, conversationId: message.conversationId, confirmation },
      });
    }
    return { kind: 'reply', messages: [text(confirmation)] };
  }

  async #recurring(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
  ): Promise<Turn> {
    const payments = this.#module<PaymentsService>('payments', 'manageUrl');
    const rows = payments
      ? await this.#d.store.db
          .selectFrom('payment_subscriptions')
          .select(['id', 'amount_minor', 'currency'])
          .where('contact_id', '=', message.contactId)
          .where('status', 'in', ['active', 'paused', 'past_due'])
          .orderBy('created_at', 'desc')
          .limit(3)
          .execute()
      : [];
    if (!payments || rows.length === 0)
      return {
        intent: 'recurring_change',
        decision: { kind: 'handoff', reason: 'no_recurring_gift', messages: [text(t.handoffGeneric)] },
        state: base,
      };
    const lines: string[] = [];
    for (const row of rows)
      lines.push(
        t.recurring(
          formatMoney(Number(row.amount_minor), row.currency, language),
          await payments.manageUrl(row.id),
        ),
      );
    return {
      intent: 'recurring_change',
      decision: { kind: 'reply', messages: [text(lines.join('\n\n'))] },
      state: base,
    };
  }

  async #receipt(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
  ): Promise<Turn> {
    const receipts = this.#module<ReceiptsService>('receipts', 'forDonation');
    const lines: string[] = [];
    if (receipts) {
      const { items } = await this.#d.ledger.listDonations({
        limit: RECENT_GIFTS,
        contactId: message.contactId,
      });
      for (const donation of items) {
        const issued = await receipts.forDonation(donation.id);
        const latest = issued[issued.length - 1];
        if (!latest || latest.status === 'voided') continue;
        lines.push(
          t.receipt(
            formatDate(donation.receivedAt, language),
            formatMoney(donation.grossMinor, donation.currency, language),
            `${this.#publicUrl}/api/v1/public/donations/${encodeURIComponent(donation.receiptCode)}/receipt.pdf`,
          ),
        );
        if (lines.length === 3) break;
      }
    }
    if (lines.length === 0)
      return {
        intent: 'receipt_request',
        decision: { kind: 'handoff', reason: 'no_receipt', messages: [text(t.handoffGeneric)] },
        state: base,
      };
    return {
      intent: 'receipt_request',
      decision: { kind: 'reply', messages: [text(lines.join('\n\n'))] },
      state: base,
    };
  }

  // ---- virtual events ---------------------------------------------------------------------------------

  #events(): EventsService | null {
    return this.#module<EventsService>('events', 'logActivity');
  }

  /** The events open for sign-up: one is offered at once, several as a list; a pending activity waits. */
  async #eventSignup(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    pending: PendingActivity | null,
    lead: string | null,
  ): Promise<Turn> {
    const events = this.#events();
    const open = events ? await events.openForSignup() : [];
    const intro = lead ? `${lead}\n` : '';
    if (!events || open.length === 0)
      return {
        intent: 'event_signup',
        decision: { kind: 'reply', messages: [text(`${intro}${t.events.noneOpen}`)] },
        state: base,
      };
    const [only] = open;
    if (open.length === 1 && only)
      return this.#eventConfirm(message, base, t, language, only.id, pending, lead);
    const choices: Choice[] = [];
    for (const event of open.slice(0, 10))
      choices.push({ id: `dlg:event:${event.id}`, title: await events.titleOf(event, language) });
    const draft = choiceMessage(
      this.#caps(message),
      `${intro}${t.events.choose}`,
      choices,
      t.events.listButton,
    );
    return {
      intent: 'event_signup',
      decision: { kind: 'reply', messages: [draft] },
      state: {
        ...base,
        step: 'event.pick',
        data: { ...menuData(draft, choices), ...(pending ? { pending } : {}) },
      },
    };
  }

  async #eventConfirm(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    eventId: string,
    pending: PendingActivity | null,
    lead: string | null = null,
  ): Promise<Turn> {
    const events = this.#events();
    const event = events ? (await events.openForSignup()).find((e) => e.id === eventId) : undefined;
    if (!events || !event)
      return {
        intent: 'event_signup',
        decision: { kind: 'reply', messages: [text(t.events.noneOpen)] },
        state: base,
      };
    const title = await events.titleOf(event, language);
    const body = t.events.confirm(
      title,
      formatDate(event.startsAt, language),
      formatDate(event.endsAt, language),
    );
    const choices: Choice[] = [
      { id: `dlg:event-join:${event.id}`, title: t.events.yes },
      { id: 'dlg:event-no', title: t.events.no },
    ];
    const draft = choiceMessage(this.#caps(message), lead ? `${lead}\n${body}` : body, choices, t.menuButton);
    return {
      intent: 'event_signup',
      decision: { kind: 'reply', messages: [draft] },
      state: {
        ...base,
        step: 'event.confirm',
        data: { ...menuData(draft, choices), eventId: event.id, ...(pending ? { pending } : {}) },
      },
    };
  }

  /** Signs the supporter (known by their channel id) up, with the links; then logs a pending activity. */
  async #eventJoin(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    eventId: string,
    pending: PendingActivity | null,
  ): Promise<Turn> {
    const events = this.#events();
    if (!events)
      return {
        intent: 'event_signup',
        decision: { kind: 'handoff', reason: 'event_signup_unavailable', messages: [text(t.handoffGeneric)] },
        state: base,
      };
    let joined: Awaited<ReturnType<EventsService['register']>>;
    let event: VirtualEvent;
    try {
      event = await events.get(eventId);
      joined = await events.register({
        eventId,
        contactId: message.contactId,
        channel: registrationChannel(message.channel),
      });
    } catch (error) {
      return {
        intent: 'event_signup',
        decision: outcomeDecision(await this.#eventRefusal(error, t, language, null), t),
        state: base,
      };
    }
    const title = await events.titleOf(event, language);
    const links = [events.eventUrl(event.slug), await events.activityUrl(joined.registration.id)] as const;
    const lines = [
      joined.created ? t.events.registered(title, ...links) : t.events.alreadyRegistered(title, ...links),
    ];
    if (pending) {
      const logged = await this.#eventLog(events, event, joined.registration.id, pending, t, language);
      if ('body' in logged) lines.push(logged.body);
    }
    return {
      intent: 'event_signup',
      decision: {
        kind: 'reply',
        messages: [text(clip(lines.join('\n\n'), this.#caps(message).text.maxLength))],
      },
      state: base,
    };
  }

  /** "I ran 5 km": to the one open event the supporter is in, or ask which, or offer to sign up. */
  async #eventActivity(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    u: Understanding | null,
  ): Promise<Turn> {
    const events = this.#events();
    if (!events)
      return {
        intent: 'event_activity',
        decision: {
          kind: 'handoff',
          reason: 'event_activity_unavailable',
          messages: [text(t.handoffGeneric)],
        },
        state: base,
      };
    const entities = u?.entities ?? [];
    const distance = entities.find((e) => e.type === 'distance');
    const duration = entities.find((e) => e.type === 'duration');
    const date = entities.find((e) => e.type === 'date' && e.granularity === 'day');
    if (!distance && !duration)
      return {
        intent: 'event_activity',
        decision: { kind: 'reply', messages: [text(t.events.askFigures)] },
        state: { ...base, step: 'event.figures' },
      };
    const pending: PendingActivity = {
      distanceMetres: distance?.value ?? null,
      durationSeconds: duration?.value ?? null,
      date: date?.type === 'date' ? date.value : null,
      key: message.messageId,
    };
    const now = this.#clock.now().toISOString();
    const day = pending.date ?? now.slice(0, 10);
    const mine = (await events.registrationsOf(message.contactId)).filter(
      (r) => r.event.status === 'published' && r.event.startsAt <= now,
    );
    if (mine.length === 0)
      return this.#eventSignup(message, base, t, language, pending, t.events.notRegistered);
    const covering = mine.filter(
      (r) => r.event.startsAt.slice(0, 10) <= day && day <= r.event.endsAt.slice(0, 10),
    );
    const [only] = covering.length > 0 ? covering : mine;
    if (only && (covering.length === 1 || mine.length === 1)) {
      const logged = await this.#eventLog(events, only.event, only.registration.id, pending, t, language);
      return { intent: 'event_activity', decision: outcomeDecision(logged, t), state: base };
    }
    const choices: Choice[] = [];
    for (const r of (covering.length > 0 ? covering : mine).slice(0, 10))
      choices.push({ id: `dlg:event-log:${r.event.id}`, title: await events.titleOf(r.event, language) });
    const draft = choiceMessage(this.#caps(message), t.events.which, choices, t.events.listButton);
    return {
      intent: 'event_activity',
      decision: { kind: 'reply', messages: [draft] },
      state: { ...base, step: 'event.which', data: { ...menuData(draft, choices), pending } },
    };
  }

  /** The supporter picked the event for the activity they told. */
  async #eventLogIn(
    message: AssistantInboundMessage,
    base: State,
    t: DialogueTexts,
    language: BotLanguage,
    eventId: string,
    pending: PendingActivity | null,
  ): Promise<Turn> {
    const events = this.#events();
    const mine = events
      ? (await events.registrationsOf(message.contactId)).find((r) => r.event.id === eventId)
      : undefined;
    if (!events || !mine || !pending)
      return {
        intent: 'event_activity',
        decision: { kind: 'reply', messages: [text(t.events.askFigures)] },
        state: { ...base, step: 'event.figures' },
      };
    const logged = await this.#eventLog(events, mine.event, mine.registration.id, pending, t, language);
    return { intent: 'event_activity', decision: outcomeDecision(logged, t), state: base };
  }

  /** Records the activity (once per telling message) and words the totals, or the refusal. */
  async #eventLog(
    events: EventsService,
    event: VirtualEvent,
    registrationId: string,
    pending: PendingActivity,
    t: DialogueTexts,
    language: BotLanguage,
  ): Promise<EventOutcome> {
    const title = await events.titleOf(event, language);
    try {
      const { activity } = await events.logActivity({
        registrationId,
        distanceMetres: pending.distanceMetres,
        durationSeconds: pending.durationSeconds,
        date: pending.date ?? this.#clock.now().toISOString().slice(0, 10),
        source: 'chat',
        dedupeKey: `chat:${pending.key}`,
      });
      const figures = [
        activity.distanceMetres === null ? null : formatDistance(activity.distanceMetres, language),
        activity.durationSeconds === null ? null : formatDuration(activity.durationSeconds),
      ]
        .filter((x): x is string => x !== null)
        .join(', ');
      const [mine, all] = await Promise.all([
        events.participantTotals(registrationId),
        events.totals(event.id),
      ]);
      const sum = (x: { distanceMetres: number; durationSeconds: number }) =>
        x.distanceMetres > 0 ? formatDistance(x.distanceMetres, language) : formatDuration(x.durationSeconds);
      const body = [
        t.events.logged(figures, formatDate(activity.date, language), title),
        t.events.totals(
          sum(mine),
          sum(all),
          all.goalMetres === null ? null : formatDistance(all.goalMetres, language),
        ),
      ].join('\n');
      return { body };
    } catch (error) {
      return this.#eventRefusal(error, t, language, event);
    }
  }

  /** The events module's refusals, in the supporter's words; anything else is thrown to the handoff. */
  async #eventRefusal(
    error: unknown,
    t: DialogueTexts,
    language: BotLanguage,
    event: VirtualEvent | null,
  ): Promise<EventOutcome> {
    if (!isFiloError(error) || !error.code.startsWith('EVENT_')) throw error;
    const events = this.#events();
    const title = event && events ? await events.titleOf(event, language) : '';
    const from = event ? formatDate(event.startsAt, language) : '';
    const to = event ? formatDate(event.endsAt, language) : '';
    const reply = (body: string): EventOutcome => ({ body });
    switch (error.code) {
      case 'EVENT_ACTIVITY_TOO_FAR':
        return reply(t.events.tooFar(formatDistance(MAX_ACTIVITY_METRES, language)));
      case 'EVENT_ACTIVITY_TOO_LONG':
        return reply(t.events.tooFar(formatDuration(MAX_ACTIVITY_SECONDS)));
      case 'EVENT_ACTIVITY_NEGATIVE':
      case 'EVENT_ACTIVITY_ZERO':
      case 'EVENT_ACTIVITY_EMPTY':
        return reply(t.events.notPositive);
      case 'EVENT_ACTIVITY_DATE_OUTSIDE':
        return reply(t.events.dateOutside(from, to));
      case 'EVENT_ACTIVITY_DATE_IN_FUTURE':
        return reply(t.events.dateInFuture);
      case 'EVENT_CLOSED':
        return reply(event ? t.events.closed(title) : t.events.noneOpen);
      case 'EVENT_NOT_STARTED':
        return reply(t.events.notStarted(title, from));
      case 'EVENT_NOT_FOUND':
        return reply(t.events.noneOpen);
      default:
        return { handoff: `event_refused:${error.code}` };
    }
  }

  /** A later module's service, if it is running and has the method this flow calls. */
  #module<T>(name: string, method: string): T | null {
    const service = this.#d.modules.get(name)?.service;
    if (typeof service !== 'object' || service === null) return null;
    return typeof (service as Record<string, unknown>)[method] === 'function' ? (service as T) : null;
  }
}

/** The contacts module's channel for a conversation's channel. */
function consentChannel(channel: string): Channel {
  return CHANNELS.find((c) => c === channel) ?? 'whatsapp';
}

/** A numbered text menu is remembered, so that "2" picks its second choice. */
function menuData(draft: OutboundDraft, choices: readonly Choice[]): StateData {
  return draft.type === 'text' ? { menu: choices.map((c) => c.id) } : {};
}

const YES = new Set([
  'si',
  'yes',
  'y',
  'ja',
  'oui',
  'ok',
  'okay',
  'certo',
  'sure',
  'claro',
  'jawohl',
  'gerne',
  'va bene',
]);
const NO = new Set([
  'no',
  'n',
  'nein',
  'non',
  'nope',
  'no grazie',
  'no thanks',
  'nein danke',
  'non merci',
  'no gracias',
]);
const YES_TITLES = new Set(Object.values(DIALOGUE_TEXTS).map((t) => normalise(t.events.yes)));
const NO_TITLES = new Set(Object.values(DIALOGUE_TEXTS).map((t) => normalise(t.events.no)));

/** A short typed yes or no (in any of the five languages, or a button's title typed out); else null. */
function yesOrNo(input: string): 'yes' | 'no' | null {
  const text = normalise(input);
  if (text === '' || text.split(' ').length > 4) return null;
  if (YES_TITLES.has(text) || YES.has(text)) return 'yes';
  if (NO_TITLES.has(text) || NO.has(text)) return 'no';
  const first = text.split(' ')[0] ?? '';
  if (YES.has(first) && !NO.has(text)) return 'yes';
  if (NO.has(first)) return 'no';
  return null;
}

/** The events module's channel for a conversation's channel. */
function registrationChannel(channel: string): RegistrationChannel {
  switch (channel) {
    case 'whatsapp':
    case 'webchat':
    case 'email':
    case 'sms':
      return channel;
    default:
      return 'web';
  }
}

/** Reads the id of one of our buttons or rows (`dlg:donate`, `dlg:amount:500`, `dlg:event:evt_…`). */
function parseChoiceId(id: string, currency: string): Action | null {
  const intent = (i: Intent): Action => ({ kind: 'intent', intent: i, understanding: null });
  switch (id) {
    case 'dlg:donate':
      return intent('donate');
    case 'dlg:status':
      return intent('donation_status');
    case 'dlg:news':
      return intent('project_update');
    case 'dlg:human':
      return intent('talk_to_human');
    case 'dlg:amount:other':
      return { kind: 'other_amount' };
    case 'dlg:event-no':
      return { kind: 'event_no' };
    default: {
      const amount = /^dlg:amount:(\d{1,9})$/.exec(id);
      if (amount) return { kind: 'amount', minor: Number(amount[1]), currency };
      const event = /^dlg:(event|event-join|event-log):(evt_[0-9a-z]{1,40})$/.exec(id);
      if (!event?.[2]) return null;
      const kind =
        event[1] === 'event' ? 'event_pick' : event[1] === 'event-join' ? 'event_join' : 'event_log';
      return { kind, eventId: event[2] };
    }
  }
}
