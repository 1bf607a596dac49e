import type { CrmPreset } from './preset';

/** Any other CRM: the admin writes the record and search templates and the selector by hand. */
export const generic: CrmPreset = {
  id: 'generic',
  name: 'Other CRM (type the templates)',
  fields: [],
  recordTemplate: '',
  searchTemplate: '',
  lookupSelector: '',
  note: 'Type the record and search URL templates below; pick the lookup field in your open CRM tab.',
  docs: [],
};
