// The bot module owns understanding messages (intents, entities) in it/en/de/es/fr, dialogue flows and the knowledge base.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
