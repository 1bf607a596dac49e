/**
 * The settings schema: one zod object, every field with its default, so a field can be
 * validated on its own (see validate.ts) and fall back alone.
 */
import { z } from 'zod';
import { checkUrlTemplate } from '../crm/url-template';
import { checkCssSelector } from './css-selector';
import { checkHost, checkPbxUrl } from './host-rules';
import { iceServersSchema } from './ice-servers';

/** Lift a `check(value) => message | null` rule into a zod refinement with that message. */
function rule(check: (value: string) => string | null) {
  return (value: string, ctx: z.RefinementCtx) => {
    const message = check(value);
    if (message !== null) ctx.addIssue({ code: 'custom', message });
  };
}

const text = (what: string) => z.string({ error: `${what} must be text` });

// Safe in a SIP URI user part without escaping.
const EXTENSION = /^[A-Za-z0-9._+-]{1,32}$/;
// SIP.js writes the display name between double quotes without escaping (NameAddrHeader.toString).
// eslint-disable-next-line no-control-regex -- control characters are exactly what we reject
const DISPLAY_NAME_FORBIDDEN = /[\u0000-\u001f\u007f-\u009f"\\]/;

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
  displayName: text('Display name')
    .trim()
    .max(64, 'Display name is too long (max 64 characters)')
    .refine((v) => !DISPLAY_NAME_FORBIDDEN.test(v), 'Display name must not contain quotes, backslashes or control characters')
    .default(''),
  iceServers: iceServersSchema.default([]),
  /** Media only through TURN (`iceTransportPolicy: 'relay'`): the caller never learns a local address. */
  iceRelayOnly: z.boolean({ error: 'Must be true or false' }).default(false),
  recordUrlTemplate: text('Record URL template').trim().superRefine(rule(checkUrlTemplate)).default(''),
  searchUrlTemplate: text('Search URL template').trim().superRefine(rule(checkUrlTemplate)).default(''),
  /** '' = no lookup field to fill on the CRM page. */
  lookupSelector: text('Lookup selector').trim().superRefine(rule(checkCssSelector)).default(''),
  lookupSubmit: z.boolean({ error: 'Must be true or false' }).default(false),
  popOn: z.enum(['ring', 'answer', 'off'], { error: 'Pop the CRM on "ring", "answer" or "off"' }).default('ring'),
  popTarget: z.enum(['reuse-tab', 'new-tab'], { error: 'Open the CRM in "reuse-tab" or "new-tab"' }).default('reuse-tab'),
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
