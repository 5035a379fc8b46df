import type { AssistantDecision, AssistantInboundMessage, ConversationAssistant } from '../../conversations';
import type { BotService } from '../bot-service';
import type { DialogueEngine } from './dialogue-engine';

/** The bot module's service: the understanding (`bot`) and the dialogue that acts on it, as the hook
 *  the conversations module calls for each inbound message. */
export class BotAssistant implements ConversationAssistant {
  readonly bot: BotService;
  readonly dialogue: DialogueEngine;

  constructor(bot: BotService, dialogue: DialogueEngine) {
    this.bot = bot;
    this.dialogue = dialogue;
  }

  handleInbound(message: AssistantInboundMessage): Promise<AssistantDecision> {
    return this.dialogue.handleInbound(message);
  }
}
