// The organisation that this Filo installation serves: its names, country, currency and language.
// One installation serves one organisation; its public profile feeds the public site.
import { FiloError, defineErrors, newId, systemClock, type Clock } from '../core';
import type { Store } from '../store';

export const OrganisationErrors = defineErrors({
  ORGANISATION_NOT_CONFIGURED: { statusCode: 404, message: 'The organisation has not been set up yet' },
  ORGANISATION_INVALID: { statusCode: 400, message: 'Invalid organisation profile' },
});

export interface Organisation {
  readonly id: string;
  readonly name: string;
  readonly legalName: string;
  readonly description: string;
  readonly country: string;
  readonly currency: string;
  readonly language: string;
  readonly taxId: string | null;
}

export type OrganisationInput = Omit<Organisation, 'id'>;

export class OrganisationService {
  readonly #store: Store;
  readonly #clock: Clock;
  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  async find(): Promise<Organisation | undefined> {
    const row = await this.#store.db
      .selectFrom('organisation')
      .selectAll()
      .orderBy('created_at')
      .executeTakeFirst();
    if (!row) return undefined;
    return {
      id: row.id,
      name: row.name,
      legalName: row.legal_name,
      description: row.description,
      country: row.country,
      currency: row.currency,
      language: row.language,
      taxId: row.tax_id,
    };
  }

  async get(): Promise<Organisation> {
    const org = await this.find();
    if (!org) throw new FiloError(OrganisationErrors.ORGANISATION_NOT_CONFIGURED);
    return org;
  }

  async create(input: OrganisationInput): Promise<Organisation> {
    if (!/^[A-Z]{3}$/.test(input.currency) || !/^[A-Z]{2}$/.test(input.country)) {
      throw new FiloError(OrganisationErrors.ORGANISATION_INVALID, {
        message: 'currency must be ISO 4217 and country ISO 3166-1 alpha-2',
      });
    }
    const id = newId('org');
    await this.#store.db
      .insertInto('organisation')
      .values({
        id,
        name: input.name,
        legal_name: input.legalName,
        description: input.description,
        country: input.country,
        currency: input.currency,
        language: input.language,
        tax_id: input.taxId,
        created_at: this.#clock.now().toISOString(),
      })
      .execute();
    return { id, ...input };
  }
}
