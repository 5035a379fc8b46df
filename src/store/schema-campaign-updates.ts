// Tables of campaign updates (src/campaigns/campaign-updates.ts), migration 0018.

export interface CampaignUpdateTable {
  id: string;
  campaign_id: string;
  title: string;
  /** Plain text; paragraphs separated by blank lines. */
  body: string;
  language: string;
  /** draft | published */
  status: string;
  /** ISO 8601 UTC: when it was first published (kept when unpublished and published again). */
  published_at: string | null;
  /** staff (a person wrote it) | ledger (written from a ledger event) */
  author_kind: string;
  /** The staff user (or `apikey:<id>`) who wrote it; null for the ledger's. */
  author_id: string | null;
  /** Their name when they wrote it, for the admin screens; never shown on public pages. */
  author_name: string | null;
  /** A public page about it (the invoice of a paid expense), or null. */
  link_url: string | null;
  /** What an automatic update was written from (`expense:<id>`): once per campaign and source. */
  source_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface CampaignUpdatesTables {
  campaign_updates: CampaignUpdateTable;
}
