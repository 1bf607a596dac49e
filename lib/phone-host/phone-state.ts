import { z } from 'zod';
import { callNotificationSchema, type CallNotification } from '@/lib/call-notification';
import type { BridgeConfig, BridgeStatus } from '@/lib/bridge-client';
import type { CallSnapshot, PhoneConfig, RegistrationStatus } from '@/lib/phone';
import { AVAILABILITIES, DND_MODES, type Availability, type DndMode } from '@/lib/phone/availability';

/**
 * What every context knows about the phone: the registration and the current calls.
 * The page that hosts the Phone (offscreen document / Firefox background page) is the
 * source of truth; the worker mirrors it into storage.session for the popup.
 *
 * The schemas validate these shapes where they cross a message boundary; they are typed
 * against lib/phone's interfaces so a drift in the contract fails `tsc`.
 */
export interface PhoneState {
  registration: RegistrationStatus;
  calls: CallSnapshot[];
  /** The bridge channel; absent = off (a state from before the bridge existed reads as off). */
  bridge?: BridgeStatus;
  /** The agent's availability (lib/phone/availability.ts); absent (an older state) reads as available. */
  availability?: Availability;
  /** Plain words about the audio devices (a chosen one unplugged, the default used instead). */
  audioNote?: string;
}

/**
 * Everything the phone's page runs, in one object ('phone/configure', the 'phone/hello' answer):
 * the SIP phone (null: none), the bridge channel (null: off), and whether the agent answers calls
 * in the browser at all (false: no SIP registration, the bridge only, for desk-phone agents).
 */
export interface PhoneHostConfig {
  phone: PhoneConfig | null;
  bridge: BridgeConfig | null;
  answerInBrowser: boolean;
  /** Absent: available (a config from before availability existed). */
  availability?: Availability;
  /** What Do not disturb does (settings: dndMode); absent: 'reject'. */
  dndMode?: DndMode;
  /** The chosen audio devices (settings; '' = the default); absent: defaults. */
  audioDevices?: AudioDevices;
}

export interface AudioDevices {
  microphoneId: string;
  speakerId: string;
  ringtoneId: string;
}

/**
 * Bounds on what crosses from the phone's page to the worker (and into storage.session): the
 * phone cleans and caps every PBX value already (sip-values.ts, the decoder); these catch a
 * phone that does not, before the worker keys or stores anything by it.
 */
export const MAX_CALL_ID_LENGTH = 256;
const MAX_DETAIL_LENGTH = 1_024;
export const MAX_WARNINGS = 64;
export const MAX_CALLS = 20;

const iceServerSchema = z.object({
  urls: z.union([z.string(), z.array(z.string())]),
  username: z.string().optional(),
  credential: z.string().optional(),
});

export const phoneConfigSchema: z.ZodType<PhoneConfig, PhoneConfig> = z.object({
  wsUrl: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  domain: z.string().min(1),
  ext: z.string().min(1),
  password: z.string(),
  displayName: z.string(),
  iceServers: z.array(iceServerSchema),
  connectTimeoutMs: z.number().int().min(1_000).max(30_000).optional(),
  iceTransportPolicy: z.enum(['all', 'relay']).optional(),
  contactId: z.uuid().optional(),
  callWaiting: z.enum(['ring', 'busy']).optional(),
  dtmfMode: z.enum(['rfc4733', 'info']).optional(),
});

export const bridgeConfigSchema: z.ZodType<BridgeConfig, BridgeConfig> = z.object({
  url: z.string().regex(/^wss?:\/\//, 'must be a ws:// or wss:// URL'),
  token: z.string().min(1),
});

export const availabilitySchema = z.enum(AVAILABILITIES);

export const phoneHostConfigSchema: z.ZodType<PhoneHostConfig, PhoneHostConfig> = z.object({
  phone: phoneConfigSchema.nullable(),
  bridge: bridgeConfigSchema.nullable(),
  answerInBrowser: z.boolean(),
  availability: availabilitySchema.optional(),
  dndMode: z.enum(DND_MODES).optional(),
  audioDevices: z.object({ microphoneId: z.string().max(256), speakerId: z.string().max(256), ringtoneId: z.string().max(256) }).optional(),
});

export const bridgeStatusSchema: z.ZodType<BridgeStatus, BridgeStatus> = z.object({
  state: z.enum(['off', 'connecting', 'connected', 'reconnecting', 'wrong-token', 'error']),
  retryAt: z.number().optional(),
  reason: z.string().optional(),
  since: z.number(),
});

export const registrationStatusSchema: z.ZodType<RegistrationStatus, RegistrationStatus> = z.object({
  state: z.enum(['unconfigured', 'connecting', 'registering', 'registered', 'reconnecting', 'auth-failed', 'error']),
  ext: z.string().optional(),
  reason: z.string().max(MAX_DETAIL_LENGTH).optional(),
  retryAt: z.number().optional(),
  since: z.number(),
});

export const callSnapshotSchema: z.ZodType<CallSnapshot, CallSnapshot> = z.object({
  id: z.string().min(1).max(MAX_CALL_ID_LENGTH),
  sipCallId: z.string().max(MAX_DETAIL_LENGTH).optional(),
  source: z.enum(['sip', 'bridge']),
  state: z.enum(['ringing', 'dialing', 'active', 'connected', 'ended']),
  endReason: z
    .enum([
      'answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed',
      'busy', 'no-answer', 'rejected', 'cancelled', 'remote-hung-up',
    ])
    .optional(),
  direction: z.enum(['inbound', 'outbound']).optional(),
  remoteRinging: z.boolean().optional(),
  endDetail: z.string().max(MAX_DETAIL_LENGTH).optional(),
  // The decoder's schema is typed by its output only; its input is the same shape.
  notification: callNotificationSchema as z.ZodType<CallNotification, CallNotification>,
  warnings: z.array(z.string().max(MAX_DETAIL_LENGTH)).max(MAX_WARNINGS),
  ringingAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  muted: z.boolean(),
  transfer: z
    .object({
      mode: z.enum(['blind', 'attended']),
      target: z.string().max(MAX_DETAIL_LENGTH),
      status: z.enum(['pending', 'accepted', 'failed']),
      phase: z.enum(['holding', 'dialing', 'consulting', 'referring', 'trying', 'refused', 'resuming', 'accepted', 'failed']),
      detail: z.string().max(MAX_DETAIL_LENGTH).optional(),
      consultCallId: z.string().min(1).max(MAX_CALL_ID_LENGTH).optional(),
      consultState: z.enum(['calling', 'active', 'ended']).optional(),
    })
    .optional(),
  hold: z.enum(['holding', 'held', 'resuming']).optional(),
  holdError: z.string().max(MAX_DETAIL_LENGTH).optional(),
  remoteHold: z.boolean().optional(),
  quality: z
    .object({
      lossPct: z.number().min(0).max(100),
      jitterMs: z.number().min(0),
      rttMs: z.number().min(0).optional(),
      level: z.enum(['good', 'fair', 'poor']),
      warning: z.string().max(MAX_DETAIL_LENGTH).optional(),
      at: z.number(),
    })
    .optional(),
});

export const phoneStateSchema: z.ZodType<PhoneState, PhoneState> = z.object({
  registration: registrationStatusSchema,
  calls: z.array(callSnapshotSchema).max(MAX_CALLS),
  bridge: bridgeStatusSchema.optional(),
  availability: availabilitySchema.optional(),
  audioNote: z.string().max(MAX_DETAIL_LENGTH).optional(),
});

/** The registration's reason while Answer calls in the browser is off: unconfigured on purpose (statusText). */
export const ANSWER_IN_BROWSER_OFF = 'answer-in-browser-off';

/** Before the phone page has said anything (fresh browser session). */
export function initialPhoneState(now: number): PhoneState {
  return { registration: { state: 'unconfigured', since: now }, calls: [] };
}
