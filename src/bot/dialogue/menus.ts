import type { ChannelCapabilities } from '../../channels';
import type { OutboundDraft } from '../../conversations';
import { clip } from './format';

// A choice offered to the supporter, drawn the way the channel can show it: reply buttons when they
// fit, else a list, else a numbered text menu (the supporter answers "2"). Decided by the channel's
// capabilities, never by its name.

export interface Choice {
  /** Comes back as the button's or row's id: `dlg:<action>`. */
  readonly id: string;
  readonly title: string;
}

export function choiceMessage(
  caps: ChannelCapabilities,
  body: string,
  choices: readonly Choice[],
  listButton: string,
): OutboundDraft {
  const interactiveBody = clip(body, caps.interactive.bodyMaxLength);
  if (caps.buttons && choices.length > 0 && choices.length <= caps.buttons.max) {
    const limit = caps.buttons.titleMaxLength;
    return {
      type: 'buttons',
      body: interactiveBody,
      buttons: choices.map((c) => ({ id: c.id, title: clip(c.title, limit) })),
    };
  }
  if (caps.lists && choices.length > 0 && choices.length <= caps.lists.maxRows) {
    const limit = caps.lists.rowTitleMaxLength;
    return {
      type: 'list',
      body: interactiveBody,
      buttonText: clip(listButton, caps.lists.buttonTextMaxLength),
      sections: [{ rows: choices.map((c) => ({ id: c.id, title: clip(c.title, limit) })) }],
    };
  }
  const lines = choices.map((c, i) => `${i + 1}. ${c.title}`);
  return { type: 'text', body: clip([body, '', ...lines].join('\n'), caps.text.maxLength) };
}
