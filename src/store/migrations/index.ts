import type { Kysely, Migration } from 'kysely';
import * as foundation from './0001_foundation';
import * as jobs from './0002_jobs';
import * as ledger from './0003_ledger';
import * as transparency from './0004_transparency';
import * as payments from './0005_payments';
import * as conversations from './0006_conversations';
import * as bot from './0007_bot';
import * as receipts from './0008_receipts';
import * as reconciliation from './0009_reconciliation';
import * as knowledge from './0010_knowledge';
import * as webchatEmail from './0012_webchat_email';
import * as whatsappTemplates from './0014_whatsapp_templates';
import * as dialogue from './0015_dialogue';
import * as sepa from './0016_sepa';
import * as events from './0017_events';
import * as campaignUpdates from './0018_campaign_updates';
import * as contactPreferences from './0019_contact_preferences';

// The one ordered list of migrations, shared by SQLite and PostgreSQL. Append only: a migration that
// has shipped is never edited; a change is a new migration.
export const migrations: Readonly<Record<string, Migration>> = Object.freeze({
  '0001_foundation': { up: (db: Kysely<unknown>) => foundation.up(db) },
  '0002_jobs': { up: (db: Kysely<unknown>) => jobs.up(db) },
  '0003_ledger': { up: (db: Kysely<unknown>) => ledger.up(db) },
  '0004_transparency': { up: (db: Kysely<unknown>) => transparency.up(db) },
  '0005_payments': { up: (db: Kysely<unknown>) => payments.up(db) },
  '0006_conversations': { up: (db: Kysely<unknown>) => conversations.up(db) },
  '0007_bot': { up: (db: Kysely<unknown>) => bot.up(db) },
  '0008_receipts': { up: (db: Kysely<unknown>) => receipts.up(db) },
  '0009_reconciliation': { up: (db: Kysely<unknown>) => reconciliation.up(db) },
  '0010_knowledge': { up: (db: Kysely<unknown>) => knowledge.up(db) },
  '0012_webchat_email': { up: (db: Kysely<unknown>) => webchatEmail.up(db) },
  '0014_whatsapp_templates': { up: (db: Kysely<unknown>) => whatsappTemplates.up(db) },
  '0015_dialogue': { up: (db: Kysely<unknown>) => dialogue.up(db) },
  '0016_sepa': { up: (db: Kysely<unknown>) => sepa.up(db) },
  '0017_events': { up: (db: Kysely<unknown>) => events.up(db) },
  '0018_campaign_updates': { up: (db: Kysely<unknown>) => campaignUpdates.up(db) },
  '0019_contact_preferences': { up: (db: Kysely<unknown>) => contactPreferences.up(db) },
});
