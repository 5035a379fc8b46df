// The WhatsApp Cloud API adapter: webhook authenticity and parsing, outbound request bodies and limits,
// Graph API error classification, and the message-template registry.
export { createWhatsAppProvider, type WhatsAppProvider } from './whatsapp-provider';
export { DEFAULT_GRAPH_URL, DEFAULT_GRAPH_VERSION, type WhatsAppConfig } from './config';
export { signMetaWebhook, type ChallengeResult, type WebhookQuery } from './webhook-auth';
export { WHATSAPP_CAPABILITIES } from './whatsapp-rules';
export {
  checkTemplateParameters,
  isTemplateDefinition,
  readTemplate,
  type SkippedTemplate,
  type TemplateCategory,
  type TemplateDefinition,
  type TemplateParameterSpec,
  type TemplateStatus,
  type TemplateSyncResult,
} from './templates';
