/** Values derived from settings for the other parts: the phone config and CRM host permissions. */
import { templateOrigin } from '../crm/url-template';
import type { BridgeConfig } from '../bridge-client';
import type { PhoneConfig } from '../phone';
import type { PhoneHostConfig } from '../phone-host/phone-state';
import type { Settings, SettingsError } from './schema';

/** Enough to register: a PBX URL, an extension and a password. */
export function isConfigured(s: Settings): boolean {
  return s.pbxUrl !== '' && s.extension !== '' && s.password !== '';
}

const CREDENTIALS = ['pbxUrl', 'extension', 'password'] as const;

/**
 * A phone half set up is a mistake worth saying at save time: with a URL but no password the
 * agent would only ever see 'Not configured'. All three empty is fine (CRM settings first).
 */
export function missingCredentials(s: Settings): SettingsError[] {
  return [...missingPhoneCredentials(s), ...missingBridgeCredentials(s)];
}

function missingPhoneCredentials(s: Settings): SettingsError[] {
  const missing = CREDENTIALS.filter((field) => s[field] === '');
  if (missing.length === 0 || missing.length === CREDENTIALS.length) return [];
  return missing.map((field) => ({
    field,
    message: 'Needed to register: fill in the PBX WebSocket URL, extension and password together',
  }));
}

/** The bridge needs its URL and the agent's token together. */
function missingBridgeCredentials(s: Settings): SettingsError[] {
  if ((s.bridgeUrl === '') === (s.bridgeToken === '')) return [];
  const field = s.bridgeUrl === '' ? 'bridgeUrl' : 'bridgeToken';
  return [{ field, message: 'Needed for the bridge: fill in the Bridge URL and the Bridge token together' }];
}

/** The SIP domain: the explicit one, else the PBX URL's host ('' when neither is set). */
export function effectiveSipDomain(s: Pick<Settings, 'sipDomain' | 'pbxUrl'>): string {
  if (s.sipDomain !== '') return s.sipDomain;
  try {
    return new URL(s.pbxUrl).hostname;
  } catch {
    return '';
  }
}

/** `contactId`: this browser install's contact id (lib/phone-host/contact-id.ts), if known. */
export function phoneConfigFromSettings(s: Settings, contactId?: string): PhoneConfig | null {
  if (!isConfigured(s)) return null;
  return {
    wsUrl: s.pbxUrl,
    domain: effectiveSipDomain(s),
    ext: s.extension,
    password: s.password,
    displayName: s.displayName,
    connectTimeoutMs: s.connectTimeoutSec * 1_000,
    // Copies, so the phone's config cannot alias the caller's settings object.
    iceServers: s.iceServers.map((server) => ({
      ...server,
      urls: typeof server.urls === 'string' ? server.urls : [...server.urls],
    })),
    iceTransportPolicy: s.iceRelayOnly ? 'relay' : 'all',
    callWaiting: s.callWaiting,
    dtmfMode: s.dtmfMode,
    ...(contactId === undefined ? {} : { contactId }),
  };
}

export function bridgeConfigFromSettings(s: Settings): BridgeConfig | null {
  if (s.bridgeUrl === '' || s.bridgeToken === '') return null;
  return { url: s.bridgeUrl, token: s.bridgeToken };
}

/**
 * What the phone's page runs ('phone/configure'): with Answer calls in the browser off there is
 * no SIP phone at all (no REGISTER), whatever the phone settings say; the bridge runs either way.
 */
export function phoneHostConfigFromSettings(s: Settings, contactId?: string): PhoneHostConfig {
  return {
    phone: s.answerInBrowser ? phoneConfigFromSettings(s, contactId) : null,
    bridge: bridgeConfigFromSettings(s),
    answerInBrowser: s.answerInBrowser,
    dndMode: s.dndMode,
    audioDevices: { microphoneId: s.microphoneId, speakerId: s.speakerId, ringtoneId: s.ringtoneDeviceId },
  };
}

/** Distinct origins of the record and search templates ('https://crm.example.com'). */
export function crmOrigins(s: Pick<Settings, 'recordUrlTemplate' | 'searchUrlTemplate'>): string[] {
  const origins = [s.recordUrlTemplate, s.searchUrlTemplate].map(templateOrigin);
  return [...new Set(origins.filter((o): o is string => o !== null))];
}

/**
 * Host-permission match pattern for an origin: 'https://crm.example.com:8443' -> 'https://crm.example.com/*'.
 * The port is dropped: Firefox match patterns cannot carry one, and in Chrome a pattern
 * without a port matches every port.
 */
export function originMatchPattern(origin: string): string {
  const url = new URL(origin);
  return `${url.protocol}//${url.hostname}/*`;
}
