// The WhatsApp sandbox: a local Graph API subset and phones that write to it, calling Filo's webhook
// with signed, Meta-shaped payloads — for demos and tests without a Meta account. Not WhatsApp.
export {
  DEFAULT_TEMPLATES,
  WhatsAppSandbox,
  type GraphReply,
  type PhoneMessage,
  type PhoneMessageStatus,
  type SandboxFaults,
  type SandboxNumber,
  type SandboxOptions,
  type SandboxStats,
} from './sandbox';
export { sandboxRoutes } from './sandbox-routes';
