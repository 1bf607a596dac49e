import { LABEL, normaliseHost, vendorHostRule, type CrmPreset } from './preset';

// My Domain hosts: acme.lightning.force.com, and sandboxes acme--dev.sandbox.lightning.force.com.
const HOST = new RegExp(`^(?:${LABEL}\\.){1,2}lightning\\.force\\.com$`);
// An sObject API name: Contact, Account, Lead, or a custom object such as Caller__c.
const OBJECT = /^[A-Za-z][A-Za-z0-9_]{0,79}$/;

/**
 * Salesforce Lightning Experience.
 *
 * Record: DOCUMENTED. "pageReference Types" (Lightning Aura Components Developer Guide),
 * https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/components_navigation_page_definitions.htm
 * says the Record Page type (`standard__recordPage`) has the URL format
 * `/lightning/r/{objectApiName}/{recordId}/{actionName}`, e.g. /lightning/r/Contact/003.../view,
 * on the org's My Domain host `https://{MyDomain}.lightning.force.com`.
 *
 * Search by number: NOT DOCUMENTED as a URL. Salesforce documents Open CTI's
 * `searchAndScreenPop()` (a JavaScript API for softphones hosted in the Salesforce page,
 * https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_searchandscreenpop_lex.htm)
 * instead, so the preset sets no search template: the number goes into the global search box
 * by the lookup prefill (pick the field with "Pick the lookup field").
 *
 * Lookup selector: none documented (the global search box is a Lightning web component, its
 * markup is not a contract); left for the picker.
 */
export const salesforce: CrmPreset = {
  id: 'salesforce',
  name: 'Salesforce Lightning',
  fields: [
    {
      key: 'host',
      label: 'Salesforce My Domain host',
      placeholder: 'acme.lightning.force.com',
      normalise: normaliseHost,
      check: vendorHostRule('acme.lightning.force.com', HOST, 'Salesforce Lightning host (*.lightning.force.com)'),
    },
    {
      key: 'object',
      label: 'Record object (API name)',
      placeholder: 'Contact',
      initial: 'Contact',
      hint: 'What the contact reference is the id of: Contact, Account, Lead or a custom object.',
      normalise: (v) => v.trim(),
      check: (v) => (OBJECT.test(v) ? null : 'An object API name: letters, digits and _, e.g. Contact or Caller__c'),
    },
  ],
  recordTemplate: 'https://[host]/lightning/r/[object]/{contact_ref}/view',
  searchTemplate: '',
  lookupSelector: '',
  note: 'Salesforce documents no search-by-number address: calls without a contact reference pop nothing; pick the global search box as the lookup field to search there.',
  docs: [
    {
      url: 'https://developer.salesforce.com/docs/atlas.en-us.lightning.meta/lightning/components_navigation_page_definitions.htm',
      says: 'standard__recordPage: URL format /lightning/r/{objectApiName}/{recordId}/{actionName}',
    },
    {
      url: 'https://developer.salesforce.com/docs/atlas.en-us.api_cti.meta/api_cti/sforce_api_cti_searchandscreenpop_lex.htm',
      says: 'search and screen pop is the Open CTI JavaScript method searchAndScreenPop(), not a URL',
    },
  ],
};
