/**
 * The settings schema: one zod object, every field with its default, so a field can be
 * validated on its own (see validate.ts) and fall back alone.
 */
import { z } from 'zod';
import { checkUrlTemplate } from '../crm/url-template';
import { checkCssSelector } from './css-selector';
import { checkBridgeUrl, checkHost, checkPbxUrl } from './host-rules';
import { historyFields } from './history-fields';
import { iceServersSchema } from './ice-servers';
import { checkOriginList } from '../dial/site-list';
import { DND_MODES } from '../phone/availability';

/** Lift a `check(value) => message | null` rule into a zod refinement with that message. */
function rule(check: (value: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = check(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  };
}

/** Long enough for a TLS WebSocket over a slow WAN link (3 round trips), short enough to move on. */
export const CONNECT_TIMEOUT_DEFAULT_SEC = 3;

const text = (what: string) => z.string({ error: `${what} must be text` });

// A JWT (header.payload.signature, base64url): also what a WebSocket subprotocol may carry.
const JWT = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

// Safe in a SIP URI user part without escaping.
const EXTENSION = /^[A-Za-z0-9._+-]{1,32}$/;
// SIP.js writes the display name between double quotes without escaping (NameAddrHeader.toString).
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const DISPLAY_NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f"\\]/;

const deviceId = (what: string) => text(what).max(256, `${what}: not a device id`).default('');

export const settingsSchema = z.object({
  /** '' = not configured. */
  pbxUrl: text('PBX URL').trim().superRefine(rule(checkPbxUrl)).default(''),
  /** '' = the host of pbxUrl (see effectiveSipDomain). */
  sipDomain: text('SIP domain')
    .trim()
    .superRefine(rule((v) => (v === '' ? null : checkHost(v))))
    .default(''),
  extension: text('Extension')
    .trim()
    .refine((v) => v === '' || EXTENSION.test(v), 'Extension: 1-32 characters of A-Z a-z 0-9 . _ + -')
    .default(''),
  password: text('Password').max(256, 'Password is too long (max 256 characters)').default(''),
  /** A secret like `password` (SECRET_FIELDS): the agent's bridge token; '' = none. Messages never quote it. */
  bridgeToken: text('Bridge token')
    .trim()
    .max(4096, 'Bridge token is too long (max 4096 characters)')
    .refine((v) => v === '' || JWT.test(v), 'Bridge token: paste the whole token (three parts separated by dots)')
    .default(''),
  displayName: text('Display name')
    .trim()
    .max(64, 'Display name is too long (max 64 characters)')
    .refine((v) => !DISPLAY_NAME_FORBIDDEN.test(v), 'Display name must not contain quotes, backslashes or control characters')
    .default(''),
  iceServers: iceServersSchema.default([]),
  /** Media only through TURN (`iceTransportPolicy: 'relay'`): the caller never learns a local address. */
  iceRelayOnly: z.boolean({ error: 'Must be true or false' }).default(false),
  /** The bridge service's WebSocket ('' = off): Redis notifications for desk-phone agents and PBXs before v3. */
  bridgeUrl: text('Bridge URL').trim().superRefine(rule(checkBridgeUrl)).default(''),
  /** false: no SIP registration at all, the bridge only (the agent answers on a desk phone). */
  answerInBrowser: z.boolean({ error: 'Must be true or false' }).default(true),
  recordUrlTemplate: text('Record URL template').trim().superRefine(rule(checkUrlTemplate)).default(''),
  searchUrlTemplate: text('Search URL template').trim().superRefine(rule(checkUrlTemplate)).default(''),
  /** '' = no lookup field to fill on the CRM page. */
  lookupSelector: text('Lookup selector').trim().superRefine(rule(checkCssSelector)).default(''),
  lookupSubmit: z.boolean({ error: 'Must be true or false' }).default(false),
  popOn: z.enum(['ring', 'answer', 'off'], { error: 'Pop the CRM on "ring", "answer" or "off"' }).default('ring'),
  popTarget: z.enum(['reuse-tab', 'new-tab'], { error: 'Open the CRM in "reuse-tab" or "new-tab"' }).default('reuse-tab'),
  /**
   * How long one try to reach the PBX may take before it is given up and the next one scheduled
   * (lib/phone/reconnect-schedule.ts). A refused connection fails at once; this bounds a half-open
   * one (a PBX host that is down drops the TCP handshake, a frozen PBX never answers the upgrade).
   */
  connectTimeoutSec: z
    .number({ error: 'Connection timeout must be a number of seconds' })
    .int('Connection timeout must be whole seconds')
    .min(1, 'Connection timeout: at least 1 s')
    .max(30, 'Connection timeout: at most 30 s')
    .default(CONNECT_TIMEOUT_DEFAULT_SEC),
  /** Click-to-dial (lib/dial): a Call button beside phone numbers and tel: links on the CRM pages. */
  clickToDial: z.boolean({ error: 'Must be true or false' }).default(true),
  /**
   * ISO 3166-1 alpha-2 country for numbers written without a country code; '' = the region of the
   * browser's language, else US (lib/dial/default-country.ts).
   */
  dialCountry: text('Default country')
    .trim()
    .refine((v) => /^([A-Za-z]{2})?$/.test(v), 'Default country: two letters (ISO 3166), e.g. US, DE, FR; empty for the browser language')
    .transform((v) => v.toUpperCase())
    .default(''),
  /** CRM origins where click-to-dial stays off (one a line): lib/dial/site-list.ts. */
  clickToDialOffOrigins: text('Click-to-dial off on').trim().superRefine(rule(checkOriginList)).default(''),
  /** A second call while one is answered: 'ring' softly beside it (call waiting), or 'busy' (486 Busy Here). */
  callWaiting: z.enum(['ring', 'busy'], { error: 'Call waiting: "ring" or "busy"' }).default('ring'),
  /** Keypad digits as RFC 4733 events in the audio ('rfc4733') or as SIP INFO requests ('info'), as the PBX expects. */
  dtmfMode: z.enum(['rfc4733', 'info'], { error: 'DTMF: "rfc4733" or "info"' }).default('rfc4733'),
  /**
   * What Do not disturb does (lib/phone/availability.ts): 'reject' stays registered and answers each
   * call 486 Busy Here (listed as missed); 'unregister' takes the extension off the PBX (the PBX
   * then routes the call as for an agent logged out: voicemail, the queue's next agent).
   */
  dndMode: z.enum(DND_MODES, { error: 'Do not disturb: "reject" or "unregister"' }).default('reject'),
  /**
   * Audio devices by their MediaDeviceInfo.deviceId ('' = the system default); ids are per origin,
   * and the popup and the phone's page share the extension's. A device that is gone falls back to
   * the default (lib/phone-host/audio-devices.ts).
   */
  microphoneId: deviceId('Microphone'),
  speakerId: deviceId('Call speaker'),
  ringtoneDeviceId: deviceId('Ringtone device'),
  // Call history and wrap-up (history-fields.ts).
  ...historyFields,
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsField = keyof Settings;
export const SETTINGS_FIELDS = Object.keys(settingsSchema.shape) as SettingsField[];

export interface SettingsError {
  field: SettingsField | '_root';
  message: string;
}

/** Frozen, including the (empty) ICE list: clone before handing out a value to modify. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({
  ...settingsSchema.parse({}),
  iceServers: Object.freeze([]) as unknown as Settings['iceServers'],
});
