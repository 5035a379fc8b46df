import { defineErrors } from '../core';

// Campaign updates' error codes (the campaigns' own, CAMPAIGN_*, are in the door, index.ts).
export const CampaignUpdateErrors = defineErrors({
  CAMPAIGN_UPDATE_NOT_FOUND: { statusCode: 404, message: 'No such update for this campaign' },
  CAMPAIGN_UPDATE_INVALID: { statusCode: 400, message: 'Invalid campaign update' },
  CAMPAIGN_UPDATE_AUTOMATIC: {
    statusCode: 409,
    message: 'An update written from the ledger cannot be edited; it can be unpublished',
  },
});
