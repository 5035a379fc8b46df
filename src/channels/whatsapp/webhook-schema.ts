import { Type, type Static } from '@sinclair/typebox';

// The parts of Meta's webhook payloads the parser relies on. Objects accept unknown properties, so
// fields Meta adds later are ignored. Only identity and routing fields are required: a message whose
// content does not match its type's schema becomes `unsupported` instead of failing the whole batch.
// Reference: developers.facebook.com/documentation/business-messaging/whatsapp/webhooks/reference/messages

/** Unix seconds, as a string (messages, statuses) or a number (user_preferences). */
const Timestamp = Type.Union([
  Type.String({ pattern: '^[0-9]{1,12}$' }),
  // The upper bound keeps `new Date(seconds * 1000)` valid (Date ends at 8.64e15 ms).
  Type.Integer({ minimum: 0, maximum: 8_640_000_000_000 }),
]);

export const Envelope = Type.Object({
  object: Type.Literal('whatsapp_business_account'),
  entry: Type.Array(
    Type.Object({
      id: Type.String(),
      changes: Type.Array(Type.Object({ field: Type.String(), value: Type.Unknown() })),
    }),
  ),
});

const Metadata = Type.Object({
  phone_number_id: Type.String({ minLength: 1 }),
  display_phone_number: Type.Optional(Type.String()),
});

export const Contact = Type.Object({
  wa_id: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  parent_user_id: Type.Optional(Type.String()),
  profile: Type.Optional(
    Type.Object({ name: Type.Optional(Type.String()), username: Type.Optional(Type.String()) }),
  ),
});
export type Contact = Static<typeof Contact>;

export const ChangeValue = Type.Object({
  metadata: Metadata,
  contacts: Type.Optional(Type.Array(Contact)),
  messages: Type.Optional(Type.Array(Type.Unknown())),
  statuses: Type.Optional(Type.Array(Type.Unknown())),
  user_preferences: Type.Optional(Type.Array(Type.Unknown())),
  errors: Type.Optional(Type.Array(Type.Unknown())),
});
export type ChangeValue = Static<typeof ChangeValue>;

export const ErrorItem = Type.Object({
  code: Type.Integer(),
  title: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  error_data: Type.Optional(Type.Object({ details: Type.Optional(Type.String()) })),
});
export type ErrorItem = Static<typeof ErrorItem>;

export const MessageItem = Type.Object({
  id: Type.String({ minLength: 1 }),
  timestamp: Timestamp,
  type: Type.String({ minLength: 1 }),
  from: Type.Optional(Type.String()),
  from_user_id: Type.Optional(Type.String()),
  from_parent_user_id: Type.Optional(Type.String()),
  context: Type.Optional(Type.Unknown()),
  errors: Type.Optional(Type.Array(Type.Unknown())),
});
export type MessageItem = Static<typeof MessageItem>;

export const MessageContext = Type.Object({
  from: Type.Optional(Type.String()),
  id: Type.Optional(Type.String()),
  forwarded: Type.Optional(Type.Boolean()),
  frequently_forwarded: Type.Optional(Type.Boolean()),
});

export const TextContent = Type.Object({ text: Type.Object({ body: Type.String() }) });

export const MediaObject = Type.Object({
  id: Type.String({ minLength: 1 }),
  mime_type: Type.Optional(Type.String()),
  sha256: Type.Optional(Type.String()),
  caption: Type.Optional(Type.String()),
  filename: Type.Optional(Type.String()),
  voice: Type.Optional(Type.Boolean()),
  animated: Type.Optional(Type.Boolean()),
});

export const LocationContent = Type.Object({
  location: Type.Object({
    latitude: Type.Number({ minimum: -90, maximum: 90 }),
    longitude: Type.Number({ minimum: -180, maximum: 180 }),
    name: Type.Optional(Type.String()),
    address: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
  }),
});

export const ReactionContent = Type.Object({
  reaction: Type.Object({ message_id: Type.String({ minLength: 1 }), emoji: Type.Optional(Type.String()) }),
});

export const ButtonReply = Type.Object({
  type: Type.Literal('button_reply'),
  button_reply: Type.Object({ id: Type.String(), title: Type.String() }),
});

export const ListReply = Type.Object({
  type: Type.Literal('list_reply'),
  list_reply: Type.Object({
    id: Type.String(),
    title: Type.String(),
    description: Type.Optional(Type.String()),
  }),
});

export const InteractiveContent = Type.Object({ interactive: Type.Object({ type: Type.String() }) });

export const TemplateButtonContent = Type.Object({
  button: Type.Object({ payload: Type.String(), text: Type.String() }),
});

export const SystemContent = Type.Object({
  system: Type.Object({
    type: Type.Optional(Type.String()),
    body: Type.Optional(Type.String()),
    // Older payloads name the new number `new_wa_id`, newer ones `wa_id`.
    wa_id: Type.Optional(Type.String()),
    new_wa_id: Type.Optional(Type.String()),
    user_id: Type.Optional(Type.String()),
  }),
});

export const StatusItem = Type.Object({
  id: Type.String({ minLength: 1 }),
  status: Type.String(),
  timestamp: Timestamp,
  recipient_id: Type.Optional(Type.String()),
  recipient_user_id: Type.Optional(Type.String()),
  recipient_parent_user_id: Type.Optional(Type.String()),
  conversation: Type.Optional(Type.Unknown()),
  pricing: Type.Optional(Type.Unknown()),
  errors: Type.Optional(Type.Array(Type.Unknown())),
});
export type StatusItem = Static<typeof StatusItem>;

export const Conversation = Type.Object({
  id: Type.String(),
  expiration_timestamp: Type.Optional(Timestamp),
  origin: Type.Optional(Type.Object({ type: Type.Optional(Type.String()) })),
});

export const Pricing = Type.Object({
  billable: Type.Optional(Type.Boolean()),
  pricing_model: Type.Optional(Type.String()),
  category: Type.Optional(Type.String()),
  type: Type.Optional(Type.String()),
});

export const PreferenceItem = Type.Object({
  wa_id: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
  parent_user_id: Type.Optional(Type.String()),
  detail: Type.Optional(Type.String()),
  category: Type.String(),
  value: Type.String(),
  signup_id: Type.Optional(Type.String()),
  timestamp: Timestamp,
});
