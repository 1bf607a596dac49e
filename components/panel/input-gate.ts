import { createContext } from 'preact';
import { useContext } from 'preact/hooks';

/**
 * Whether an event is the agent's own input. The panel's controls (Answer, Decline, Hang up,
 * Mute, Open record, Dismiss, Copy, dragging and the corner button) act only when this says yes:
 * a CRM page's script can call `button.click()` or dispatch events on nodes it got hold of, and
 * those events are never `isTrusted`. The content script always passes `isRealInput`; unit tests
 * (happy-dom/testing-library dispatch untrusted events) pass their own. There is no default:
 * a panel rendered without a gate refuses every control.
 */
export type InputGate = (event: Event) => boolean;

/** The browser's own verdict: true only for events the user agent generated from real input. */
export const isRealInput: InputGate = (event) => event.isTrusted === true;

const refuseAll: InputGate = () => false;

export const InputGateContext = createContext<InputGate>(refuseAll);

export function useInputGate(): InputGate {
  return useContext(InputGateContext);
}
