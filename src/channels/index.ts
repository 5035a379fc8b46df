// The channels module owns the channel port and its adapters (WhatsApp Cloud API, web chat, e-mail) and the WhatsApp sandbox.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
