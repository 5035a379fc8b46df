import { isFiloError } from '../../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../../runtime/modules';
import type { Store } from '../../store';
import { ReceiptsService, type CheckoutDetailsLookup } from './receipts-service';
import { receiptRoutes } from './routes';
import { DEFAULT_SETTINGS, type ReceiptSettings } from './templates';

// The receipts module: issues a receipt for every gift that has a donor (on the ledger's
// donation.received event), voids or replaces it on donation.refunded, and serves receipts,
// annual statements and campaign reports over HTTP.

/** The tax-receipt fields a donor typed on the donation form (stored by payments with the checkout). */
export function checkoutTaxDetails(store: Store): CheckoutDetailsLookup {
  return async (donationId) => {
    const row = await store.db
      .selectFrom('payment_records as r')
      .innerJoin('payment_checkouts as c', 'c.id', 'r.checkout_id')
      .select('c.tax_receipt')
      .where('r.donation_id', '=', donationId)
      .where('c.tax_receipt', 'is not', null)
      .executeTakeFirst();
    if (!row?.tax_receipt) return null;
    const parsed = JSON.parse(row.tax_receipt) as { taxCode?: unknown; address?: unknown };
    return {
      taxCode: typeof parsed.taxCode === 'string' ? parsed.taxCode : null,
      address: typeof parsed.address === 'string' ? parsed.address : null,
    };
  };
}

/** Errors that retrying will not cure: the gift or its donor is gone, or no receipt is due. */
const SETTLED = new Set([
  'CONTACT_NOT_FOUND',
  'RECEIPTS_NO_DONOR',
  'RECEIPTS_DONATION_REFUNDED',
  'DONATION_NOT_FOUND',
]);

export const DEMO_RECEIPT_SETTINGS: ReceiptSettings = {
  ...DEFAULT_SETTINGS,
  address: { street: 'Via del Pratello 12', postalCode: '40122', city: 'Bologna', country: 'Italia' },
  signatory: 'Giulia Ferri, presidente e legale rappresentante',
  it: {
    qualification: 'Ente del Terzo Settore — Organizzazione di volontariato (ODV)',
    runts:
      'Iscritta al RUNTS, sezione a) Organizzazioni di volontariato, repertorio n. 100234 (dato dimostrativo)',
  },
};

export function createReceiptsModule(
  options: { checkoutDetails?: CheckoutDetailsLookup } = {},
): ModuleFactory {
  return (deps: ModuleDeps): FiloModule => {
    const service = new ReceiptsService({
      store: deps.store,
      ledger: deps.ledger,
      contacts: deps.contacts,
      organisation: deps.organisation,
      campaigns: deps.campaigns,
      publicUrl: deps.config.publicUrl,
      checkoutDetails: options.checkoutDetails ?? checkoutTaxDetails(deps.store),
    });
    const settle = async (what: string, fn: () => Promise<unknown>) => {
      try {
        await fn();
      } catch (error) {
        if (isFiloError(error) && SETTLED.has(error.code)) {
          deps.logger.debug({ code: error.code }, `receipts: no receipt ${what}`);
          return;
        }
        throw error;
      }
    };

    deps.events.subscribe('donation.received', 'receipts', async (payload) => {
      const donationId = typeof payload.id === 'string' ? payload.id : null;
      if (!donationId) return;
      await settle('issued', async () => {
        const donation = await deps.ledger.getDonation(donationId);
        if (donation.contactId) await service.issue(donationId);
      });
    });
    deps.events.subscribe('donation.refunded', 'receipts', async (payload) => {
      const donationId = typeof payload.donation === 'string' ? payload.donation : null;
      if (!donationId) return;
      await settle('changed', () => service.applyRefund(donationId));
    });

    return {
      name: 'receipts',
      service,
      routes: receiptRoutes(service),
      eraseContact: (contactId) => service.eraseContact(contactId),
      async seedDemo() {
        const current = await service.settings();
        if (current.missing.length > 0) await service.updateSettings(DEMO_RECEIPT_SETTINGS);
        // Oldest first, so that the demo's numbers follow the gifts' dates.
        const ids: string[] = [];
        let cursor: string | undefined;
        do {
          const page = await deps.ledger.listDonations({ limit: 200, cursor });
          for (const d of page.items) if (d.contactId) ids.push(d.id);
          cursor = page.nextCursor ?? undefined;
        } while (cursor);
        for (const id of ids.reverse()) {
          await settle('issued', () => service.issue(id));
          await service.applyRefund(id);
        }
      },
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const receiptsModule: ModuleFactory = createReceiptsModule();
