/**
 * The picker service on the real browser APIs (Chrome worker, Firefox background page). The only
 * browser-bound file of lib/picker/ on the worker's side; picker-service.ts takes these as deps.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import type { ScriptPublicPath } from 'wxt/utils/inject-script';
import { sendMessage, type PickerResult as MessageResult } from '../messages';
import { loadManagedSettings, saveSettings } from '../settings/store';
import { asCommandResult, PICKER_FILE, PICKER_GLOBAL, runPickerCommand } from './picker-command';
import { createPickerService, type PickerResult, type PickerService, type PickSession } from './picker-service';

// Compile-time: the build has the picker script, and the service's results are the message's.
const pickerIsBuilt: ScriptPublicPath = PICKER_FILE;
void pickerIsBuilt;
const sameResult = (r: PickerResult): MessageResult => r;
void sameResult;

const sessionItem = storage.defineItem<PickSession | null>('session:lookupPicker', { fallback: null });

export function browserPickerService(): PickerService {
  return createPickerService({
    async loadSettings() {
      const { settings, policy } = await loadManagedSettings();
      return { settings, lookupLocked: policy.locked.includes('lookupSelector') };
    },
    async saveSelector(selector) {
      const saved = await saveSettings({ lookupSelector: selector });
      return saved.ok ? { ok: true } : { ok: false, error: saved.errors[0]?.message ?? 'The settings were not saved' };
    },
    queryTabs: () => browser.tabs.query({}),
    async focusTab(tab) {
      await browser.tabs.update(tab.id, { active: true });
      if (tab.windowId !== undefined) await browser.windows.update(tab.windowId, { focused: true });
    },
    async inject(tabId) {
      await browser.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: [PICKER_FILE as ScriptPublicPath] });
    },
    async run(tabId, command) {
      const [first] = await browser.scripting.executeScript({
        target: { tabId, frameIds: [0] },
        func: runPickerCommand,
        args: [command, PICKER_GLOBAL],
      });
      return asCommandResult(first?.result);
    },
    session: { get: () => sessionItem.getValue(), set: (s) => sessionItem.setValue(s) },
    async notify(result) {
      // No settings page open (the popup closed when the CRM tab came to the front) is normal.
      await sendMessage('picker/result', result).catch(() => undefined);
    },
    now: Date.now,
  });
}
