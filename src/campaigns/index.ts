// Campaigns owns fundraising campaigns and their goals; broadcasts and journeys build on it.
// How much a campaign has raised is the ledger's to say: this module stores the goal.
import { FiloError, defineErrors, newId, systemClock, type Clock } from '../core';
import type { Store } from '../store';

export const CampaignErrors = defineErrors({
  CAMPAIGN_NOT_FOUND: { statusCode: 404, message: 'No such campaign' },
  CAMPAIGN_INVALID: { statusCode: 400, message: 'Invalid campaign' },
  CAMPAIGN_SLUG_TAKEN: { statusCode: 409, message: 'Another campaign already uses this slug' },
});

export interface Campaign {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly goalMinor: number;
  readonly currency: string;
  readonly status: 'draft' | 'active' | 'closed';
  readonly startsAt: string | null;
  readonly endsAt: string | null;
  readonly createdAt: string;
}

export interface CampaignInput {
  readonly slug: string;
  readonly name: string;
  readonly description?: string;
  readonly goalMinor: number;
  readonly currency: string;
  readonly status?: Campaign['status'];
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
}

/** What may change after creation. The slug and currency stay: links and gifts already point at them. */
export interface CampaignChanges {
  readonly name?: string;
  readonly description?: string;
  readonly goalMinor?: number;
  readonly status?: Campaign['status'];
  readonly startsAt?: string | null;
  readonly endsAt?: string | null;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class CampaignsService {
  readonly #store: Store;
  readonly #clock: Clock;
  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  async create(input: CampaignInput): Promise<Campaign> {
    if (!SLUG.test(input.slug) || input.slug.length > 80) {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, {
        message: 'The slug must be lowercase words joined by -',
      });
    }
    if (!Number.isSafeInteger(input.goalMinor) || input.goalMinor <= 0) {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, {
        message: 'The goal must be a positive integer of minor units',
      });
    }
    if (!/^[A-Z]{3}$/.test(input.currency)) {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, {
        message: 'The currency must be an ISO 4217 code',
      });
    }
    const taken = await this.#store.db
      .selectFrom('campaigns')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw new FiloError(CampaignErrors.CAMPAIGN_SLUG_TAKEN);
    const row = {
      id: newId('cmp'),
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      goal_minor: input.goalMinor,
      currency: input.currency,
      status: input.status ?? 'active',
      starts_at: input.startsAt ?? null,
      ends_at: input.endsAt ?? null,
      created_at: this.#clock.now().toISOString(),
    };
    try {
      await this.#store.db.insertInto('campaigns').values(row).execute();
    } catch (cause) {
      throw new FiloError(CampaignErrors.CAMPAIGN_SLUG_TAKEN, { cause });
    }
    return toCampaign(row);
  }

  async list(): Promise<Campaign[]> {
    const rows = await this.#store.db
      .selectFrom('campaigns')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map(toCampaign);
  }

  /** Edits a campaign (closing it is `status: 'closed'`); fields left out keep their value. */
  async update(id: string, changes: CampaignChanges): Promise<Campaign> {
    const current = await this.#store.db
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    if (!current) throw new FiloError(CampaignErrors.CAMPAIGN_NOT_FOUND);
    const next = {
      name: changes.name === undefined ? current.name : changes.name.trim(),
      description: changes.description ?? current.description,
      goal_minor: changes.goalMinor ?? Number(current.goal_minor),
      status: changes.status ?? current.status,
      starts_at: changes.startsAt === undefined ? current.starts_at : changes.startsAt,
      ends_at: changes.endsAt === undefined ? current.ends_at : changes.endsAt,
    };
    if (next.name === '') {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, { message: 'The name must not be empty' });
    }
    if (!Number.isSafeInteger(next.goal_minor) || next.goal_minor <= 0) {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, {
        message: 'The goal must be a positive integer of minor units',
      });
    }
    if (
      next.starts_at !== null &&
      next.ends_at !== null &&
      Date.parse(next.ends_at) < Date.parse(next.starts_at)
    ) {
      throw new FiloError(CampaignErrors.CAMPAIGN_INVALID, {
        message: 'The campaign must end after it starts',
      });
    }
    await this.#store.db.updateTable('campaigns').set(next).where('id', '=', id).execute();
    return toCampaign({ ...current, ...next });
  }

  async getBySlug(slug: string): Promise<Campaign> {
    const row = await this.#store.db
      .selectFrom('campaigns')
      .selectAll()
      .where('slug', '=', slug)
      .executeTakeFirst();
    if (!row) throw new FiloError(CampaignErrors.CAMPAIGN_NOT_FOUND);
    return toCampaign(row);
  }
}

function toCampaign(row: {
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
}): Campaign {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    description: row.description,
    goalMinor: Number(row.goal_minor),
    currency: row.currency,
    status: row.status === 'draft' || row.status === 'closed' ? row.status : 'active',
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    createdAt: row.created_at,
  };
}

export {
  DonorMessages,
  donorMessagesModule,
  donorLanguage,
  moneyUsedText,
  thankYouText,
  donorChannels,
  type DonorChannel,
  type DonorMessage,
  type DonorMessenger,
  type DonorLanguage,
} from './donor-messages';
export { donorEmail, type DonorEmail, type DonorEmailKind } from './donor-email';
export {
  CampaignUpdatesService,
  UPDATE_LANGUAGES,
  UPDATE_LIMITS,
  expensePaidText,
  type CampaignUpdate,
  type PublicCampaignUpdate,
  type UpdateInput,
  type UpdateLanguage,
} from './campaign-updates';
export { CampaignUpdateErrors } from './errors';
export { campaignUpdatesModule, createCampaignUpdatesModule } from './campaign-updates-module';
