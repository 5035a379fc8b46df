// The web chat adapter: the widget's WebSocket protocol, anonymous visitor sessions with signed tokens,
// replies kept until the browser confirms them, and signed envelopes handed to conversations. Also the
// module that serves web chat and e-mail over HTTP (routes, the hand-off, the e-mail sandbox outbox).
export {
  createWebchatProvider,
  signWebchatEnvelope,
  WEBCHAT_SIGNATURE_HEADER,
  type DeliverResult,
  type WebchatConfig,
  type WebchatProvider,
  type WebchatTransport,
} from './webchat-provider';
export { WEBCHAT_CAPABILITIES } from './webchat-rules';
export { WebchatErrors, type WebchatErrorCode } from './errors';
export { issueSessionToken, readSessionToken } from './session-token';
export type { ReplyContent, ReplyFrame, ClientFrame } from './frames';
export { WebchatGateway, type GatewayLimits, type VisitorSocket } from './gateway';
export { InboundHandoff, isInboundSink, type HandoffChannel, type InboundSink } from './inbound-handoff';
export {
  createWebchatEmailModule,
  webchatEmailModule,
  type WebchatEmailModuleOptions,
  type WebchatEmailService,
} from './webchat-email-module';
