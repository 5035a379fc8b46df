export { StripePaymentProvider, factsFrom, type StripeProviderOptions } from './stripe-provider';
