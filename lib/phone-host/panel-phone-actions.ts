import type { HostScreenPopDeps } from '@/lib/screen-pop/host-screen-pop';
import type { PhoneHost } from './phone-host';

/**
 * What a caller panel's port may ask of the phone (answer, decline, hang up, mute, dismiss), in
 * the page hosting it: Chrome's offscreen document and Firefox's background page wire the same.
 */
export function panelPhoneActions(host: Pick<PhoneHost, 'accept' | 'reject' | 'hangup' | 'setMuted' | 'dismiss'>): HostScreenPopDeps['phone'] {
  return {
    accept: (callId) => host.accept(callId),
    reject: (callId, code) => host.reject(callId, code),
    hangup: (callId) => host.hangup(callId),
    mute: async (callId, muted) => host.setMuted(callId, muted),
    dismiss: async (callId) => host.dismiss(callId),
  };
}
