/**
 * Settings: schema with defaults, field-by-field validation, versioned storage, and the values
 * derived from them. Contexts without extension storage (offscreen document) should import
 * './settings/schema', './settings/validate' or './settings/derived' directly: this entry also
 * loads the storage item (see ./settings/store.ts).
 */
export { settingsSchema, DEFAULT_SETTINGS, SETTINGS_FIELDS } from './settings/schema';
export type { Settings, SettingsError, SettingsField } from './settings/schema';
export { validateSettings, validateStoredFields } from './settings/validate';
export { settingsItem, loadSettings, loadManagedSettings, saveSettings, watchSettings, moveInlineSecrets, SETTINGS_VERSION, type ManagedSettings } from './settings/store';
export { parsePolicy, mergeSettings, baseSettings, agentValues, LOCKED_KEY, POLICY_FIELDS, NOT_BY_POLICY, type ManagedPolicy, type PolicyError } from './settings/managed-policy';
export { migrateV3ToV4 } from './settings/migrate-v3';
export { SECRET_FIELDS, splitSecrets, joinSecrets, hasInlineSecrets, type Secrets } from './settings/secret-fields';
export { isConfigured, missingCredentials, effectiveSipDomain, phoneConfigFromSettings, bridgeConfigFromSettings, phoneHostConfigFromSettings, crmOrigins, originMatchPattern } from './settings/derived';
export { parseIceServersText, formatIceServersText, parseIceServersForm, formatIceServersForm, checkIceUrl } from './settings/ice-servers';
export type { IceServer, IceParseResult, IceFormResult } from './settings/ice-servers';
export { checkPbxUrl, checkBridgeUrl, checkHost, isLoopbackHost } from './settings/host-rules';
export { checkCssSelector } from './settings/css-selector';
export { migrateV1ToV2, type SettingsV1 } from './settings/migrate-v1';
export { migrateV2ToV3 } from './settings/migrate-v2';
