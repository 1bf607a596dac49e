import { z } from 'zod';
import { callNotificationSchema, type CallNotification } from '@/lib/call-notification';
import type { CallSnapshot, PhoneConfig, RegistrationStatus } from '@/lib/phone';

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
}

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
  iceTransportPolicy: z.enum(['all', 'relay']).optional(),
});

export const registrationStatusSchema: z.ZodType<RegistrationStatus, RegistrationStatus> = z.object({
  state: z.enum(['unconfigured', 'connecting', 'registering', 'registered', 'reconnecting', 'auth-failed', 'error']),
  ext: z.string().optional(),
  reason: z.string().optional(),
  retryAt: z.number().optional(),
  since: z.number(),
});

export const callSnapshotSchema: z.ZodType<CallSnapshot, CallSnapshot> = z.object({
  id: z.string(),
  state: z.enum(['ringing', 'active', 'ended']),
  endReason: z
    .enum(['answered-elsewhere', 'caller-hung-up', 'agent-hung-up', 'declined', 'missed', 'failed'])
    .optional(),
  endDetail: z.string().optional(),
  // The decoder's schema is typed by its output only; its input is the same shape.
  notification: callNotificationSchema as z.ZodType<CallNotification, CallNotification>,
  warnings: z.array(z.string()),
  ringingAt: z.number(),
  answeredAt: z.number().optional(),
  endedAt: z.number().optional(),
  muted: z.boolean(),
});

export const phoneStateSchema: z.ZodType<PhoneState, PhoneState> = z.object({
  registration: registrationStatusSchema,
  calls: z.array(callSnapshotSchema),
});

/** Before the phone page has said anything (fresh browser session). */
export function initialPhoneState(now: number): PhoneState {
  return { registration: { state: 'unconfigured', since: now }, calls: [] };
}
