import type { Kysely } from 'kysely';

// The channel a supporter asked us to use for their messages (thank-yous, what their gift paid for,
// recurring-gift notices): 'whatsapp' or 'email', or null when they never said. Set from the donation
// form (when the donor gives both a phone number and an e-mail address) and by staff; the checkout
// keeps the form's choice until its payment makes the donor a supporter.
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('contacts').addColumn('preferred_channel', 'text').execute();
  await db.schema.alterTable('payment_checkouts').addColumn('preferred_channel', 'text').execute();
}
