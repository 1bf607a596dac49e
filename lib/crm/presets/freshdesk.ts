import { LABEL, normaliseHost, vendorHostRule, type CrmPreset } from './preset';

const HOST = new RegExp(`^${LABEL}\\.freshdesk\\.com$`);

/**
 * Freshdesk.
 *
 * Record: OBSERVED only. `https://{domain}.freshdesk.com/a/contacts/{id}` is the address the agent
 * app shows for a contact; Freshdesk's API v2 (https://developers.freshdesk.com/api/#contacts)
 * documents contacts by numeric id, not the app's URLs.
 * Search by number: only observed (`/a/search/contacts?term=`), not documented: no search template.
 */
export const freshdesk: CrmPreset = {
  id: 'freshdesk',
  name: 'Freshdesk',
  fields: [
    {
      key: 'host',
      label: 'Freshdesk host',
      placeholder: 'acme.freshdesk.com',
      normalise: normaliseHost,
      check: vendorHostRule('acme.freshdesk.com', HOST, 'Freshdesk host (*.freshdesk.com)'),
    },
  ],
  recordTemplate: 'https://[host]/a/contacts/{contact_ref}',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The contact address is the one Freshdesk’s app uses (observed, not documented). No documented search-by-number address: pick the search box as the lookup field.',
  docs: [{ url: 'https://developers.freshdesk.com/api/#contacts', says: 'contacts are addressed by a numeric id (API; the app URL is not documented)' }],
};
