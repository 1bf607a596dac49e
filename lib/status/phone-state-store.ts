import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { PhoneState } from '@/lib/phone-host/phone-state';
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

/** Stores the state and shows it on the toolbar button. */
export async function mirrorPhoneState(
  state: PhoneState,
  deps: { button: ToolbarButton; now: () => number } = { button: toolbarButton(), now: Date.now },
): Promise<void> {
  await Promise.all([phoneStateItem.setValue(state), applyBadge(deps.button, badgeFor(state, deps.now()))]);
}
