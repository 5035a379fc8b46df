export {
  SandboxPaymentProvider,
  sandboxWebhookSecret,
  SANDBOX_API_VERSION,
  type Delivery,
  type DeliveryOptions,
  type SandboxProviderOptions,
  type SandboxSessionView,
} from './sandbox-provider';
