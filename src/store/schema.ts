import type { ColumnType, Generated } from 'kysely';
import type { BotTables } from './schema-bot';
import type { CampaignUpdatesTables } from './schema-campaign-updates';
import type { ConversationTables } from './schema-conversations';
import type { DialogueTables } from './schema-dialogue';
import type { EventsTables } from './schema-events';
import type { KnowledgeTables } from './schema-knowledge';
import type { LedgerTables } from './schema-ledger';
import type { PaymentsTables } from './schema-payments';
import type { ReceiptsTables } from './schema-receipts';
import type { ReconciliationTables } from './schema-reconciliation';
import type { SepaTables } from './schema-sepa';
import type { TransparencyTables } from './schema-transparency';
import type { WebchatEmailTables } from './schema-webchat-email';

// The database's shape as the query layer sees it. Times are ISO 8601 UTC strings, money is integer
// minor units, booleans are 0/1 integers and JSON is text: identical on SQLite and PostgreSQL.

export interface OrganisationTable {
  id: string;
  name: string;
  legal_name: string;
  description: string;
  country: string;
  currency: string;
  language: string;
  tax_id: string | null;
  created_at: string;
}

export interface UserTable {
  id: string;
  email: string;
  name: string;
  role: string;
  language: string;
  password_hash: string;
  created_at: string;
  disabled_at: string | null;
}

export interface SessionTable {
  token_hash: string;
  user_id: string;
  csrf_token: string;
  created_at: string;
  expires_at: string;
}

export interface ApiKeyTable {
  id: string;
  name: string;
  role: string;
  prefix: string;
  key_hash: string;
  created_at: string;
  created_by: string | null;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ContactTable {
  id: string;
  display_name: string | null;
  email: string | null;
  phone: string | null;
  language: string;
  time_zone: string;
  country: string | null;
  /** 'whatsapp' | 'email': the channel the supporter asked for (migration 0019); optional on insert. */
  preferred_channel: ColumnType<string | null, string | null | undefined, string | null>;
  created_at: string;
  updated_at: string;
  erased_at: string | null;
}

export interface ConsentTable {
  id: string;
  contact_id: string;
  channel: string;
  purpose: string;
  status: string;
  source: string;
  wording_version: string;
  wording: string;
  proof: string;
  recorded_at: string;
}

export interface CampaignTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  goal_minor: number;
  currency: string;
  status: string;
  starts_at: string | null;
  ends_at: string | null;
  created_at: string;
}

export interface ProjectTable {
  id: string;
  slug: string;
  name: string;
  description: string;
  created_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
  updated_at: string;
}

/** A job of the embedded queue; times are epoch milliseconds. */
export interface JobTable {
  queue: string;
  id: string;
  name: string;
  payload: string;
  /** waiting | active | completed | dead */
  state: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: number;
  lease_until: number | null;
  locked_by: string | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
  finished_at: number | null;
}

export interface JobScheduleTable {
  queue: string;
  id: string;
  name: string;
  payload: string;
  every_ms: number;
  next_run_at: number;
  last_job_id: string | null;
  created_at: number;
  updated_at: number;
}

export interface Database
  extends
    BotTables,
    LedgerTables,
    TransparencyTables,
    PaymentsTables,
    ConversationTables,
    ReceiptsTables,
    ReconciliationTables,
    WebchatEmailTables,
    KnowledgeTables,
    DialogueTables,
    SepaTables,
    EventsTables,
    CampaignUpdatesTables {
  organisation: OrganisationTable;
  users: UserTable;
  sessions: SessionTable;
  api_keys: ApiKeyTable;
  contacts: ContactTable;
  consents: ConsentTable;
  campaigns: CampaignTable;
  projects: ProjectTable;
  meta: MetaTable;
  jobs: JobTable;
  job_schedules: JobScheduleTable;
}

export type { Generated };
