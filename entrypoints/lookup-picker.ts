import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { nativeRuntime } from '@/lib/content/native-runtime';
import { PICKER_GLOBAL, type PickerCommand } from '@/lib/picker/picker-command';
import { createPickerOverlay } from '@/lib/picker/picker-overlay';

/**
 * The lookup-field picker in a CRM tab: injected by the worker with scripting.executeScript into
 * that one tab when the agent presses 'Pick the lookup field' or 'Test fill' (lib/picker/
 * picker-service.ts), never registered for CRM pages. It publishes one function on this isolated
 * world's global, which the worker's next executeScript calls (picker-command.ts); a second
 * injection replaces the first (ending its pick), so an old copy left by a reloaded extension
 * never answers. Talks to the worker by the native runtime, like the caller panel, without
 * lib/messages (zod) in the page.
 */
export default defineUnlistedScript(() => {
  const world = globalThis as Record<string, unknown>;
  const previous = world[PICKER_GLOBAL];
  if (typeof previous === 'function') (previous as (c: PickerCommand) => unknown)({ kind: 'end' });
  const send = async (name: 'picker/picked' | 'picker/cancelled', payload?: { selector: string }) => {
    const runtime = nativeRuntime();
    if (!runtime?.id) throw new Error('The extension was reloaded: start the pick again');
    const reply = (await runtime.sendMessage({ to: 'bg', name, payload })) as { ok?: boolean; error?: { message?: string } } | undefined;
    if (reply?.ok !== true) throw new Error(reply?.error?.message ?? 'The extension did not answer');
  };
  const overlay = createPickerOverlay(document, {
    picked: (selector) => send('picker/picked', { selector }),
    cancelled: () => send('picker/cancelled'),
  });
  world[PICKER_GLOBAL] = (command: PickerCommand) => overlay.command(command);
});
