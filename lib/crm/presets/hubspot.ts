import { normaliseHost, type CrmPreset } from './preset';

/** HubSpot's app hosts per data centre (observed: the US, EU and second US data centres). */
export const HUBSPOT_HOSTS = ['app.hubspot.com', 'app-eu1.hubspot.com', 'app-na2.hubspot.com'] as const;
const PORTAL = /^\d{1,12}$/;

/**
 * HubSpot.
 *
 * Record: the object type id is DOCUMENTED, the UI address is OBSERVED. HubSpot's developer docs
 * "Using object APIs", https://developers.hubspot.com/docs/guides/crm/using-object-apis, list
 * the object type ids (Contacts = 0-1, Companies = 0-2, Deals = 0-3, Tickets = 0-5). The record
 * page `https://app.hubspot.com/contacts/{portalId}/record/0-1/{contactId}` is the address HubSpot's
 * own app uses for a contact (not a documented contract; Okta's HubSpot connector reference,
 * https://help.okta.com/wf/en-us/Content/Topics/workflows/connector-reference/hubspotcrm/actions/associateacontactwithanotherobject.htm,
 * shows the older /contacts/{portal_id}/contact/{id}/ form). The regional hosts are observed too.
 *
 * Search by number: NOT DOCUMENTED as a URL: no search template (use the lookup prefill).
 */
export const hubspot: CrmPreset = {
  id: 'hubspot',
  name: 'HubSpot',
  fields: [
    {
      key: 'host',
      label: 'HubSpot data centre',
      placeholder: 'app.hubspot.com',
      options: HUBSPOT_HOSTS,
      initial: 'app.hubspot.com',
      normalise: normaliseHost,
      check: (v) => ((HUBSPOT_HOSTS as readonly string[]).includes(v) ? null : `One of ${HUBSPOT_HOSTS.join(', ')}`),
    },
    {
      key: 'portal',
      label: 'HubSpot account (portal) id',
      placeholder: '12345678',
      hint: 'The number after /contacts/ in your HubSpot address.',
      normalise: (v) => v.trim(),
      check: (v) => (PORTAL.test(v) ? null : 'The portal id: digits only, e.g. 12345678'),
    },
  ],
  recordTemplate: 'https://[host]/contacts/[portal]/record/0-1/{contact_ref}',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The record address is the one HubSpot’s app uses (observed, not documented). HubSpot documents no search-by-number address: pick the search box as the lookup field.',
  docs: [
    { url: 'https://developers.hubspot.com/docs/guides/crm/using-object-apis', says: 'object type id of Contacts is 0-1' },
    {
      url: 'https://help.okta.com/wf/en-us/Content/Topics/workflows/connector-reference/hubspotcrm/actions/associateacontactwithanotherobject.htm',
      says: 'contact links of the form app.hubspot.com/contacts/{portal_id}/contact/{id}/ (older shape)',
    },
  ],
};
