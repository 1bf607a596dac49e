import { LABEL, normaliseHost, vendorHostRule, type CrmPreset } from './preset';

const HOST = new RegExp(`^${LABEL}\\.pipedrive\\.com$`);

/**
 * Pipedrive.
 *
 * Record: OBSERVED only. `https://{company}.pipedrive.com/person/{id}` is the address Pipedrive's
 * app shows for a person; the API reference (https://developers.pipedrive.com/docs/api/v1/Persons)
 * documents persons by numeric id but not the app's URLs.
 * Search by number: NOT DOCUMENTED as a URL: no search template (use the lookup prefill).
 */
export const pipedrive: CrmPreset = {
  id: 'pipedrive',
  name: 'Pipedrive',
  fields: [
    {
      key: 'host',
      label: 'Pipedrive host',
      placeholder: 'acme.pipedrive.com',
      normalise: normaliseHost,
      check: vendorHostRule('acme.pipedrive.com', HOST, 'Pipedrive host (*.pipedrive.com)'),
    },
  ],
  recordTemplate: 'https://[host]/person/{contact_ref}',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The person address is the one Pipedrive’s app uses (observed, not documented). No documented search-by-number address: pick the search box as the lookup field.',
  docs: [{ url: 'https://developers.pipedrive.com/docs/api/v1/Persons', says: 'persons are addressed by a numeric id (API; the app URL is not documented)' }],
};
