import { normaliseHost, type CrmPreset } from './preset';

/**
 * Zoho CRM's data centres, from Zoho's multi-DC document
 * (https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html): the web app lives on
 * crm.zoho.<domain> of the DC the organisation is in.
 */
export const ZOHO_HOSTS = ['crm.zoho.com', 'crm.zoho.eu', 'crm.zoho.in', 'crm.zoho.com.au', 'crm.zoho.jp', 'crm.zoho.ca', 'crm.zoho.sa', 'crm.zoho.com.cn'] as const;
// The org segment of Zoho's URLs: "org" and the organisation id.
const ORG = /^org\d{1,20}$/;

/**
 * Zoho CRM.
 *
 * Data centres: DOCUMENTED (multi-DC page above). Record: OBSERVED only:
 * `https://crm.zoho.{dc}/crm/{orgId}/tab/Contacts/{recordId}` is the address Zoho's app shows for a
 * contact; Zoho's custom-links page (https://www.zoho.com/crm/developer/docs/api/v8/create-custom-links.html)
 * puts record data into URLs but does not define the app's own addresses.
 *
 * Search by number: NOT DOCUMENTED as a URL: no search template (use the lookup prefill).
 */
export const zoho: CrmPreset = {
  id: 'zoho',
  name: 'Zoho CRM',
  fields: [
    {
      key: 'host',
      label: 'Zoho data centre',
      placeholder: 'crm.zoho.com',
      options: ZOHO_HOSTS,
      initial: 'crm.zoho.com',
      normalise: normaliseHost,
      check: (v) => ((ZOHO_HOSTS as readonly string[]).includes(v) ? null : `One of ${ZOHO_HOSTS.join(', ')}`),
    },
    {
      key: 'org',
      label: 'Zoho organisation id',
      placeholder: 'org60001234',
      hint: 'The part after /crm/ in your Zoho CRM address.',
      // Typed as the bare number or with its "org" prefix.
      normalise: (v) => {
        const t = v.trim().toLowerCase();
        return /^\d+$/.test(t) ? `org${t}` : t;
      },
      check: (v) => (ORG.test(v) ? null : 'The organisation id, e.g. org60001234'),
    },
  ],
  recordTemplate: 'https://[host]/crm/[org]/tab/Contacts/{contact_ref}',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The record address is the one Zoho’s app uses (observed, not documented). Zoho documents no search-by-number address: pick the search box as the lookup field.',
  docs: [
    { url: 'https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html', says: 'the data centres and their domains (com, eu, in, com.au, jp, ca, sa, com.cn)' },
    { url: 'https://www.zoho.com/crm/developer/docs/api/v8/create-custom-links.html', says: 'custom links carry record data in URLs; the app’s own record URL is not defined there' },
  ],
};
