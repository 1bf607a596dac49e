import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { CallSnapshot } from '@/lib/phone';
import { initialPhoneState, type PhoneState } from '@/lib/phone-host/phone-state';
import { createLogger, type Logger } from '@/lib/phone-host/logger';
import { badgeFor, type Badge } from './badge';

/**
 * The worker's copy of the phone state, so the popup has an answer the moment it opens,
 * even while the worker sleeps. storage.session is cleared with the browser session, which is
 * right: a registration does not survive a browser restart. Firefox MV2 has storage.session only
 * from Firefox 115 on; fall back to local storage if it is missing.
 */
const area = browser.storage.session ? 'session' : 'local';
export const phoneStateItem = storage.defineItem<PhoneState | null>(`${area}:phoneState`, { fallback: null });

/** The toolbar button: `action` in MV3, `browserAction` in MV2. */
export interface ToolbarButton {
  setBadgeText(details: { text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { color: string }): Promise<void>;
  setTitle(details: { title: string }): Promise<void>;
}

export function toolbarButton(): ToolbarButton {
  return browser.action ?? browser.browserAction;
}

export async function applyBadge(button: ToolbarButton, badge: Badge): Promise<void> {
  await Promise.all([
    button.setBadgeText({ text: badge.text }),
    button.setBadgeBackgroundColor({ color: badge.color }),
    button.setTitle({ title: badge.title }),
  ]);
}

/**
 * Bounds of the stored copy. storage.session has a quota (10 MB in Chrome) shared with the pop
 * memory, and the popup needs the calls, not every decoder warning: at most MIRROR_MAX_CALLS
 * calls, MIRROR_MAX_WARNINGS warnings a call, each text at most MIRROR_MAX_TEXT characters.
 * The worst case stays under ~200 kB (test/unit/phone-state-store.test.ts measures it).
 */
export const MIRROR_MAX_CALLS = 10;
export const MIRROR_MAX_WARNINGS = 8;
export const MIRROR_MAX_TEXT = 512;

/** The state as stored: bounded (see above); the phone's own state is not changed. */
export function boundedForStorage(state: PhoneState): PhoneState {
  const cap = (text: string) => (text.length > MIRROR_MAX_TEXT ? `${text.slice(0, MIRROR_MAX_TEXT - 1)}…` : text);
  const call = (c: CallSnapshot): CallSnapshot => ({
    ...c,
    id: c.id.slice(0, 256),
    ...(c.sipCallId !== undefined && { sipCallId: cap(c.sipCallId) }),
    ...(c.endDetail !== undefined && { endDetail: cap(c.endDetail) }),
    warnings: c.warnings.slice(0, MIRROR_MAX_WARNINGS).map(cap),
  });
  const { reason } = state.registration;
  const { bridge } = state;
  return {
    registration: { ...state.registration, ...(reason !== undefined && { reason: cap(reason) }) },
    calls: state.calls.slice(0, MIRROR_MAX_CALLS).map(call),
    // The bridge channel's status, for the popup's 'Bridge: …' line.
    ...(bridge !== undefined && { bridge: { ...bridge, ...(bridge.reason !== undefined && { reason: cap(bridge.reason) }) } }),
    // The agent's availability, for the popup's picker and the badge.
    ...(state.availability !== undefined && { availability: state.availability }),
    ...(state.audioNote !== undefined && { audioNote: cap(state.audioNote) }),
  };
}

/**
 * Stores the (bounded) state and shows it on the toolbar button. A failed write (the quota) is
 * logged, not thrown: the badge and the screen pop go on; the popup asks the phone itself
 * ('status/get') when it opens.
 */
export async function mirrorPhoneState(
  state: PhoneState,
  deps: { button: ToolbarButton; now: () => number; logger?: Logger; missed?: number } = { button: toolbarButton(), now: Date.now },
): Promise<void> {
  const logger = deps.logger ?? defaultLogger;
  const stored = phoneStateItem.setValue(boundedForStorage(state)).catch((e: unknown) => {
    logger.warn('could not store the phone state for the popup', e);
  });
  await Promise.all([stored, applyBadge(deps.button, badgeFor(state, deps.now(), deps.missed))]);
}

/** The badge again for a new missed-call count (the agent looked at the history), from the stored state. */
export async function refreshBadge(missed: number, deps: { button: ToolbarButton; now: () => number } = { button: toolbarButton(), now: Date.now }): Promise<void> {
  const now = deps.now();
  const state = (await phoneStateItem.getValue()) ?? initialPhoneState(now);
  await applyBadge(deps.button, badgeFor(state, now, missed));
}

const defaultLogger = createLogger('bg');
