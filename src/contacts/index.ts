// Contacts owns supporters and their consents (per channel and purpose, append-only with proof).
// Tags, segments, import/export and GDPR erasure build on this module.
export {
  ContactsService,
  reachableOn,
  CHANNELS,
  PURPOSES,
  LANGUAGES,
  PREFERRED_CHANNELS,
  type PreferredChannel,
  type ContactPatch,
  type Channel,
  type Purpose,
  type Contact,
  type ContactDetails,
  type ContactInput,
  type PreparedContact,
  type ConsentInput,
  type ConsentState,
} from './service';
export { ContactErrors } from './errors';
