import { describe, expect, it } from 'vitest';
import { checkOutboundMessage, textLength } from './check-outbound';
import type { ChannelCapabilities, OutboundMessage } from './port';

// The shared checks follow the capabilities, not the channel's name: a web-chat-like set of
// capabilities (more buttons, no lists, templates or media) changes what is refused, and how.

const CHAT_LIKE: ChannelCapabilities = {
  text: { maxLength: 10, linkPreviews: false },
  buttons: { max: 5, titleMaxLength: 8, idMaxLength: 16 },
  lists: false,
  interactive: { bodyMaxLength: 12, headerMaxLength: 6, footerMaxLength: 6 },
  templates: false,
  media: false,
  readReceipts: false,
  typingIndicator: false,
  replies: false,
};

const buttons = (n: number): OutboundMessage => ({
  type: 'buttons',
  to: 'visitor-1',
  body: 'Dona?',
  buttons: Array.from({ length: n }, (_, i) => ({ id: `b${i}`, title: `B${i}` })),
});

describe('checkOutboundMessage', () => {
  it('counts characters as people do: an emoji is one', () => {
    expect(textLength('🙏🏽')).toBe(2); // a hand and a skin-tone modifier: two code points
    expect(textLength('€5')).toBe(2);
    expect(textLength('')).toBe(0);
  });

  it('takes its limits from the capabilities', () => {
    expect(checkOutboundMessage(buttons(5), CHAT_LIKE)).toBeNull();
    expect(checkOutboundMessage(buttons(6), CHAT_LIKE)).toMatchObject({
      code: 'CHANNEL_TOO_MANY_BUTTONS',
      details: { limit: 5, count: 6 },
    });
    expect(checkOutboundMessage({ type: 'text', to: 'v', body: 'x'.repeat(11) }, CHAT_LIKE)).toMatchObject({
      code: 'CHANNEL_FIELD_TOO_LONG',
      details: { field: 'body', limit: 10, length: 11 },
    });
  });

  it.each([
    [
      'lists',
      {
        type: 'list',
        to: 'v',
        body: 'b',
        buttonText: 'Open',
        sections: [{ rows: [{ id: 'a', title: 'A' }] }],
      },
    ],
    ['templates', { type: 'template', to: 'v', name: 'hello', language: 'en' }],
    ['media', { type: 'media', to: 'v', kind: 'image', source: { link: 'https://filo.example/a.png' } }],
    ['read receipts', { type: 'mark_read', messageId: 'm1' }],
    [
      'media headers',
      {
        type: 'buttons',
        to: 'v',
        body: 'b',
        header: { type: 'image', source: { id: '1' } },
        buttons: [{ id: 'a', title: 'A' }],
      },
    ],
  ] as [string, OutboundMessage][])(
    'refuses %s the channel lacks with CHANNEL_MESSAGE_UNSUPPORTED',
    (_, message) => {
      expect(checkOutboundMessage(message, CHAT_LIKE)).toMatchObject({ code: 'CHANNEL_MESSAGE_UNSUPPORTED' });
    },
  );

  it('ignores hints the channel cannot honour (link previews, quoting)', () => {
    expect(
      checkOutboundMessage({ type: 'text', to: 'v', body: 'hi', previewUrl: true, replyTo: 'm1' }, CHAT_LIKE),
    ).toBeNull();
  });

  it('refuses a blank recipient or a blank quoted id', () => {
    expect(checkOutboundMessage({ type: 'text', to: ' ', body: 'hi' }, CHAT_LIKE)).toMatchObject({
      code: 'CHANNEL_RECIPIENT_INVALID',
    });
    expect(checkOutboundMessage({ type: 'text', to: 'v', body: 'hi', replyTo: '' }, CHAT_LIKE)).toMatchObject(
      { code: 'CHANNEL_FIELD_EMPTY' },
    );
  });

  it('refuses values that are not messages at all', () => {
    expect(checkOutboundMessage(null as unknown as OutboundMessage, CHAT_LIKE)).toMatchObject({
      code: 'CHANNEL_MESSAGE_UNSUPPORTED',
    });
    expect(checkOutboundMessage({ type: 'fax' } as unknown as OutboundMessage, CHAT_LIKE)).toMatchObject({
      code: 'CHANNEL_MESSAGE_UNSUPPORTED',
      message: 'This channel cannot send messages of type "fax"',
    });
  });
});
