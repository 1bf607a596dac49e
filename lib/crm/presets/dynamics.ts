import { LABEL, normaliseHost, vendorHostRule, type CrmPreset } from './preset';

// {org}.crm.dynamics.com, {org}.crm4.dynamics.com, {org}.crm11.dynamics.com ...
const HOST = new RegExp(`^${LABEL}\\.crm\\d{0,2}\\.dynamics\\.com$`);

/**
 * Microsoft Dynamics 365 (model-driven apps, Unified Interface).
 *
 * Record: DOCUMENTED. Microsoft Learn "Open apps, forms, views, dialogs, and reports with a URL",
 * https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url
 * gives `https://myorg.crm.dynamics.com/main.aspx?etn=account&pagetype=entityrecord&id=%7B<guid>%7D`
 * (the record's GUID in encoded braces; `appid=` or `appname=` may pick the app, not both). The
 * preset opens the contact form with the contact reference as the GUID, in the default app.
 *
 * Search by number: NOT DOCUMENTED as a URL. The same page documents `pagetype=entitylist` (views)
 * with no search-text parameter; Channel Integration Framework documents
 * `Microsoft.CIFramework.renderSearchPage(entityLogicalName, searchString)`, a JavaScript API
 * (https://learn.microsoft.com/en-us/dynamics365/customer-service/channel-integration-framework/reference/microsoft-ciframework/rendersearchpage).
 * So no search template; the lookup prefill into the search box covers it.
 */
export const dynamics: CrmPreset = {
  id: 'dynamics',
  name: 'Microsoft Dynamics 365',
  fields: [
    {
      key: 'host',
      label: 'Dynamics 365 host',
      placeholder: 'contoso.crm4.dynamics.com',
      normalise: normaliseHost,
      check: vendorHostRule('contoso.crm.dynamics.com', HOST, 'Dynamics 365 host (*.crm*.dynamics.com)'),
    },
  ],
  recordTemplate: 'https://[host]/main.aspx?pagetype=entityrecord&etn=contact&id=%7B{contact_ref}%7D',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The contact reference must be the contact GUID (without braces). Microsoft documents no search-by-number address: pick the search box as the lookup field.',
  docs: [
    {
      url: 'https://learn.microsoft.com/en-us/power-apps/developer/model-driven-apps/open-forms-views-dialogs-reports-url',
      says: 'main.aspx?etn=account&pagetype=entityrecord&id=%7B<guid>%7D opens a record form',
    },
    {
      url: 'https://learn.microsoft.com/en-us/dynamics365/customer-service/channel-integration-framework/reference/microsoft-ciframework/rendersearchpage',
      says: 'search is the JavaScript API renderSearchPage(entityLogicalName, searchString), not a URL',
    },
  ],
};
