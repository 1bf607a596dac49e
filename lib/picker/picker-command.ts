/**
 * What the worker asks of the picker script in a CRM tab. The script (entrypoints/lookup-picker.ts,
 * injected with scripting.executeScript into that one tab, never registered for every page) puts
 * one function on its isolated world's global; the worker calls it with a second, one-line
 * executeScript `func` and gets the answer as the injection's result. The page's own world does
 * not see that global, and nothing listens for messages in the tab.
 */
export const PICKER_GLOBAL = '__teleforgeLookupPicker';
/** Where WXT writes entrypoints/lookup-picker.ts in the build. */
export const PICKER_FILE = '/lookup-picker.js';

export type PickerCommand = { kind: 'begin' } | { kind: 'end' } | { kind: 'fill'; selector: string; value: string };
export type PickerCommandResult = { ok: true } | { ok: false; error: string };

/** The executeScript `func`: serialised into the tab, so it may use nothing from outside itself. */
export function runPickerCommand(command: PickerCommand, globalName: string): unknown {
  const api = (globalThis as Record<string, unknown>)[globalName];
  return typeof api === 'function' ? (api as (c: PickerCommand) => unknown)(command) : { ok: false, error: 'The picker is not loaded in this tab' };
}

/** An injection result as it comes back (anything a page could make of it): only our two shapes count. */
export function asCommandResult(value: unknown): PickerCommandResult {
  if (typeof value !== 'object' || value === null) return { ok: false, error: 'The CRM tab did not answer' };
  const { ok, error } = value as { ok?: unknown; error?: unknown };
  if (ok === true) return { ok: true };
  return { ok: false, error: typeof error === 'string' ? error.slice(0, 300) : 'The CRM tab did not answer' };
}
