import { sendMessage } from '@/lib/messages';
import type { PhoneHost } from './phone-host';
import type { Availability } from '@/lib/phone/availability';
import type { PhoneHostConfig, PhoneState } from './phone-state';

/**
 * How the background reaches the phone. Chrome: through messages to the offscreen document,
 * made sure to exist before each one. Firefox MV2: the persistent background page hosts the
 * phone itself (no offscreen API there, and a page does not receive its own messages).
 */
export interface PhoneLink {
  /** Makes sure the phone's page exists and runs the current config. Idempotent. */
  ensure(): Promise<void>;
  configure(config: PhoneHostConfig): Promise<void>;
  getState(): Promise<PhoneState>;
  accept(callId: string): Promise<void>;
  reject(callId: string, code?: 486 | 603): Promise<void>;
  hangup(callId: string): Promise<void>;
  mute(callId: string, muted: boolean): Promise<void>;
  /** An outbound call to what the agent asked for (normalised with `defaultCountry`); resolves with its id. */
  dial(number: string, defaultCountry?: string): Promise<{ callId: string }>;
  transfer(callId: string, target: string): Promise<void>;
  consult(callId: string, target: string): Promise<{ consultCallId: string }>;
  completeTransfer(callId: string, consultCallId: string): Promise<void>;
  cancelTransfer(callId: string): Promise<void>;
  hold(callId: string, held: boolean): Promise<void>;
  dtmf(callId: string, digits: string): Promise<void>;
  /** Drops a dismissed bridge call; a no-op for SIP calls. */
  dismiss(callId: string): Promise<void>;
  setAvailability(availability: Availability): Promise<void>;
}

export function offscreenLink(keeper: { ensure(): Promise<void> }, send: typeof sendMessage = sendMessage): PhoneLink {
  const forward = async <T>(fn: () => Promise<T>): Promise<T> => {
    await keeper.ensure();
    return fn();
  };
  return {
    ensure: () => keeper.ensure(),
    configure: (config) => forward(() => send('phone/configure', config)),
    getState: () => forward(() => send('phone/get-state')),
    accept: (callId) => forward(() => send('phone/accept', { callId })),
    reject: (callId, code) => forward(() => send('phone/reject', { callId, code })),
    hangup: (callId) => forward(() => send('phone/hangup', { callId })),
    mute: (callId, muted) => forward(() => send('phone/mute', { callId, muted })),
    dial: (number, defaultCountry) => forward(() => send('phone/dial', { number, ...(defaultCountry !== undefined && { defaultCountry }) })),
    transfer: (callId, target) => forward(() => send('phone/transfer', { callId, target })),
    consult: (callId, target) => forward(() => send('phone/consult', { callId, target })),
    completeTransfer: (callId, consultCallId) => forward(() => send('phone/transfer-complete', { callId, consultCallId })),
    cancelTransfer: (callId) => forward(() => send('phone/transfer-cancel', { callId })),
    hold: (callId, held) => forward(() => send('phone/hold', { callId, held })),
    dtmf: (callId, digits) => forward(() => send('phone/dtmf', { callId, digits })),
    dismiss: (callId) => forward(() => send('phone/dismiss', { callId })),
    setAvailability: (availability) => forward(() => send('phone/availability', { availability })),
  };
}

/** An offscreen document asks for its config when it starts; here the first ensure() gives it. */
export function inPageLink(host: PhoneHost, loadConfig: () => Promise<PhoneHostConfig>): PhoneLink {
  let started: Promise<void> | undefined;
  return {
    ensure: () => (started ??= loadConfig().then((config) => host.configure(config))),
    configure: (config) => host.configure(config),
    getState: async () => host.getState(),
    accept: (callId) => host.accept(callId),
    reject: (callId, code) => host.reject(callId, code),
    hangup: (callId) => host.hangup(callId),
    mute: async (callId, muted) => host.setMuted(callId, muted),
    dial: async (number, defaultCountry) => ({ callId: await host.dial(number, defaultCountry) }),
    transfer: (callId, target) => host.transfer(callId, target),
    consult: (callId, target) => host.consult(callId, target),
    completeTransfer: (callId, consultCallId) => host.completeTransfer(callId, consultCallId),
    cancelTransfer: (callId) => host.cancelTransfer(callId),
    hold: (callId, held) => host.hold(callId, held),
    dtmf: (callId, digits) => host.dtmf(callId, digits),
    dismiss: async (callId) => host.dismiss(callId),
    setAvailability: (availability) => host.setAvailability(availability),
  };
}

/** A link built on first use, e.g. after a dynamic import the other browser's build never loads. */
export function lazyLink(build: () => Promise<PhoneLink>): PhoneLink {
  let link: Promise<PhoneLink> | undefined;
  const get = () => (link ??= build());
  return {
    ensure: async () => (await get()).ensure(),
    configure: async (config) => (await get()).configure(config),
    getState: async () => (await get()).getState(),
    accept: async (callId) => (await get()).accept(callId),
    reject: async (callId, code) => (await get()).reject(callId, code),
    hangup: async (callId) => (await get()).hangup(callId),
    mute: async (callId, muted) => (await get()).mute(callId, muted),
    dial: async (number, defaultCountry) => (await get()).dial(number, defaultCountry),
    transfer: async (callId, target) => (await get()).transfer(callId, target),
    consult: async (callId, target) => (await get()).consult(callId, target),
    completeTransfer: async (callId, consultCallId) => (await get()).completeTransfer(callId, consultCallId),
    cancelTransfer: async (callId) => (await get()).cancelTransfer(callId),
    hold: async (callId, held) => (await get()).hold(callId, held),
    dtmf: async (callId, digits) => (await get()).dtmf(callId, digits),
    dismiss: async (callId) => (await get()).dismiss(callId),
    setAvailability: async (availability) => (await get()).setAvailability(availability),
  };
}
