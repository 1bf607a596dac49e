import { LABEL, normaliseHost, vendorHostRule, type CrmPreset } from './preset';

const HOST = new RegExp(`^${LABEL}\\.zendesk\\.com$`);

/**
 * Zendesk Support.
 *
 * Record: partly DOCUMENTED. The Talk Partner Edition API
 * (https://developer.zendesk.com/api-reference/voice/talk-partner-edition-api/basics) documents
 * `POST /api/v2/channels/voice/agents/{agent_id}/users/{user_id}/display`, which opens a user's
 * profile in the agent's browser: users are addressed by their numeric user id. The agent UI
 * address `https://{subdomain}.zendesk.com/agent/users/{id}` is OBSERVED (Zendesk's help articles
 * refer to the id in that URL), not a documented contract.
 *
 * Search by number: only observed (`/agent/search/1?q=`), not documented: no search template.
 */
export const zendesk: CrmPreset = {
  id: 'zendesk',
  name: 'Zendesk',
  fields: [
    {
      key: 'host',
      label: 'Zendesk host',
      placeholder: 'acme.zendesk.com',
      normalise: normaliseHost,
      check: vendorHostRule('acme.zendesk.com', HOST, 'Zendesk host (*.zendesk.com)'),
    },
  ],
  recordTemplate: 'https://[host]/agent/users/{contact_ref}',
  searchTemplate: '',
  lookupSelector: '',
  note: 'The contact reference must be the Zendesk user id; the profile address is observed, not documented. No documented search-by-number address: pick the search box as the lookup field.',
  docs: [
    {
      url: 'https://developer.zendesk.com/api-reference/voice/talk-partner-edition-api/basics',
      says: 'POST /api/v2/channels/voice/agents/{agent_id}/users/{user_id}/display opens a user profile (users by numeric id)',
    },
  ],
};
