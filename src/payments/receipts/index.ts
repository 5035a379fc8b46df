// Receipts and reports: gap-free numbered receipts per gift (Italian art. 83 CTS receipt, German
// Zuwendungsbestätigung) as PDF, voided by cancelling records, annual statements that show what each
// donor's money paid for, and per-campaign reports (PDF and CSV). See docs/receipts.md.
export {
  createReceiptsModule,
  receiptsModule,
  checkoutTaxDetails,
  DEMO_RECEIPT_SETTINGS,
} from './receipts-module';
export {
  ReceiptsService,
  inferPaymentMethod,
  formatForCountry,
  type Receipt,
  type DonorDetails,
  type CheckoutDetailsLookup,
} from './receipts-service';
export {
  DEFAULT_SETTINGS,
  RECEIPT_FORMATS,
  PAYMENT_METHODS,
  type ReceiptSettings,
  type ReceiptFormat,
  type PaymentMethod,
  type CampaignReport,
} from './templates';
export { documentText, type DocumentModel, type Block } from './document';
export { renderPdf } from './pdf';
export { italianEuros, germanEuros, italianNumber, germanNumber } from './words';
export { ReceiptErrors } from './errors';
