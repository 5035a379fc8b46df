// The payments module owns the payment-provider port (Stripe, a sandbox provider) and bank-statement reconciliation.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
