import type { Kysely } from 'kysely';

// The WhatsApp message-template registry, synced from the Graph API: one row per business account,
// template name and language (what a send names), with its category, approval status, parameters and
// quick replies; and each account's last sync (when, whether it worked, what could not be read).
export async function up(db: Kysely<unknown>): Promise<void> {
  const s = db.schema;
  await s
    .createTable('whatsapp_templates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('provider_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('language', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('parameter_format', 'text', (c) => c.notNull())
    .addColumn('parameters', 'text', (c) => c.notNull())
    .addColumn('quick_replies', 'text', (c) => c.notNull())
    .addColumn('synced_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('whatsapp_templates_name', ['account_id', 'name', 'language'])
    .execute();

  await s
    .createTable('whatsapp_template_syncs')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('attempted_at', 'text', (c) => c.notNull())
    .addColumn('succeeded_at', 'text')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('skipped', 'text', (c) => c.notNull())
    .addColumn('template_count', 'integer', (c) => c.notNull())
    .execute();
}
