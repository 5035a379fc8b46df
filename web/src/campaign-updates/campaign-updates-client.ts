// Calls to the campaign updates' routes (/api/v1/campaigns/:id/updates and the public latest list),
// through the app's ApiClient so sessions, CSRF and error codes work as everywhere else.
import type { ApiClient, RequestOptions } from '../api';

export type UpdateLanguage = 'it' | 'en' | 'de' | 'es' | 'fr';

/** Each language under its own name, as a reader who writes in it would look for it. */
export const UPDATE_LANGUAGE_NAMES: Readonly<Record<UpdateLanguage, string>> = Object.freeze({
  it: 'Italiano',
  en: 'English',
  de: 'Deutsch',
  es: 'Español',
  fr: 'Français',
});

export const UPDATE_LIMITS = Object.freeze({ title: 140, body: 5000 });

export interface PublicCampaignUpdate {
  readonly id: string;
  readonly title: string;
  readonly body: string;
  readonly language: string;
  readonly publishedAt: string;
  readonly automatic: boolean;
  readonly linkUrl: string | null;
}

export interface CampaignUpdate {
  readonly id: string;
  readonly campaignId: string;
  readonly title: string;
  readonly body: string;
  readonly language: string;
  readonly status: 'draft' | 'published';
  readonly publishedAt: string | null;
  readonly author: {
    readonly kind: 'staff' | 'ledger';
    readonly id: string | null;
    readonly name: string | null;
  };
  readonly linkUrl: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface UpdateFields {
  readonly title: string;
  readonly body: string;
  readonly language: UpdateLanguage;
}

const path = (campaignId: string, rest = '') =>
  `/api/v1/campaigns/${encodeURIComponent(campaignId)}/updates${rest}`;

export function publicUpdatesFeedUrl(slug: string): string {
  return `/api/v1/public/campaigns/${encodeURIComponent(slug)}/updates.atom`;
}

export class CampaignUpdatesClient {
  readonly #api: ApiClient;
  constructor(api: ApiClient) {
    this.#api = api;
  }

  latest(
    slug: string,
    limit: number,
    options: RequestOptions = {},
  ): Promise<{ items: PublicCampaignUpdate[] }> {
    return this.#api.call(
      'GET',
      `/api/v1/public/campaigns/${encodeURIComponent(slug)}/updates?limit=${limit}`,
      undefined,
      options,
    );
  }

  list(campaignId: string, options: RequestOptions = {}): Promise<{ items: CampaignUpdate[] }> {
    return this.#api.call('GET', path(campaignId), undefined, options);
  }

  create(campaignId: string, fields: UpdateFields & { readonly publish: boolean }): Promise<CampaignUpdate> {
    return this.#api.call('POST', path(campaignId), fields);
  }

  edit(campaignId: string, updateId: string, fields: Partial<UpdateFields>): Promise<CampaignUpdate> {
    return this.#api.call('PATCH', path(campaignId, `/${encodeURIComponent(updateId)}`), fields);
  }

  setPublished(campaignId: string, updateId: string, published: boolean): Promise<CampaignUpdate> {
    const action = published ? 'publish' : 'unpublish';
    return this.#api.call('POST', path(campaignId, `/${encodeURIComponent(updateId)}/${action}`), undefined);
  }
}

/** A body's paragraphs (split at blank lines), each a list of its lines. */
export function paragraphsOf(body: string): string[][] {
  return body
    .split(/\n{2,}/)
    .map((p) => p.split('\n'))
    .filter((lines) => lines.some((l) => l.trim() !== ''));
}
