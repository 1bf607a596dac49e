/**
 * Storage version 1 -> 2.
 *
 * Version 1 (the first pilot build) stored only what the Teleforge example needs:
 *   { server: 'pbx.example.com', ext: '1001', password: '…', name?: 'Alice',
 *     crmUrl: 'https://crm.example.com/x/{contact_ref}', autoPop?: boolean }
 * with the WebSocket URL implied as wss://<server>:8089/ws (the form in Teleforge's document).
 * The migration only reshapes; loadSettings validates the result field by field, so a bad
 * v1 value surfaces as a field error instead of failing the migration.
 */

export interface SettingsV1 {
  server?: unknown;
  ext?: unknown;
  password?: unknown;
  name?: unknown;
  crmUrl?: unknown;
  autoPop?: unknown;
}

export const V1_DEFAULT_PORT = 8089;

/** 'pbx.example.com' -> 'wss://pbx.example.com:8089/ws'; a full URL is kept; a port is kept. */
export function pbxUrlFromV1Server(server: string): string {
  const s = server.trim();
  if (s === '' || s.includes('://')) return s;
  const host = s.replace(/\/+$/, '');
  return /:\d+$/.test(host) ? `wss://${host}/ws` : `wss://${host}:${V1_DEFAULT_PORT}/ws`;
}

export function migrateV1ToV2(v1: unknown): unknown {
  if (typeof v1 !== 'object' || v1 === null || Array.isArray(v1)) return v1;
  const old = v1 as SettingsV1;
  const v2: Record<string, unknown> = {};
  if (old.server !== undefined) v2.pbxUrl = typeof old.server === 'string' ? pbxUrlFromV1Server(old.server) : old.server;
  if (old.ext !== undefined) v2.extension = old.ext;
  if (old.password !== undefined) v2.password = old.password;
  if (old.name !== undefined) v2.displayName = old.name;
  if (old.crmUrl !== undefined) v2.recordUrlTemplate = old.crmUrl;
  if (old.autoPop !== undefined) v2.popOn = old.autoPop === false ? 'off' : 'ring';
  return v2;
}
