import { describe, expect, it, vi } from 'vitest';
import { manifestCommands, shortcutAction, SHORTCUT_COMMANDS } from '@/lib/status/shortcut-commands';
import { startShortcuts } from '@/lib/phone-host/shortcuts';
import type { PhoneLink } from '@/lib/phone-host/phone-link';
import type { PhoneState } from '@/lib/phone-host/phone-state';
import { makeCall, makePhoneState } from './phone-host-fixtures';

const ringing = makePhoneState({ calls: [makeCall({ id: 'r', state: 'ringing' })] });
const active = makePhoneState({ calls: [makeCall({ id: 'a', state: 'active', answeredAt: 2, muted: false })] });

describe('shortcutAction', () => {
  it('answer and decline act on the ringing call (decline: 603, as the popup)', () => {
    expect(shortcutAction('answer-call', ringing)).toEqual({ kind: 'accept', callId: 'r' });
    expect(shortcutAction('decline-call', ringing)).toEqual({ kind: 'reject', callId: 'r', code: 603 });
  });

  it('hang up, mute and hold act on the active call; mute toggles', () => {
    expect(shortcutAction('hang-up', active)).toEqual({ kind: 'hangup', callId: 'a' });
    expect(shortcutAction('toggle-mute', active)).toEqual({ kind: 'mute', callId: 'a', muted: true });
    const muted = makePhoneState({ calls: [makeCall({ id: 'a', state: 'active', muted: true })] });
    expect(shortcutAction('toggle-mute', muted)).toEqual({ kind: 'mute', callId: 'a', muted: false });
    expect(shortcutAction('toggle-hold', active)).toEqual({ kind: 'hold', callId: 'a', held: true });
  });

  it('does nothing without a matching call: no answer while talking, no hang-up while ringing', () => {
    expect(shortcutAction('answer-call', active).kind).toBe('none');
    expect(shortcutAction('decline-call', active).kind).toBe('none');
    expect(shortcutAction('hang-up', ringing).kind).toBe('none');
    expect(shortcutAction('toggle-mute', ringing).kind).toBe('none');
    expect(shortcutAction('answer-call', null).kind).toBe('none');
  });

  it('never answers a bridge call (it rings on the desk phone)', () => {
    const bridge = makePhoneState({ calls: [makeCall({ id: 'b', source: 'bridge', state: 'ringing' })] });
    expect(shortcutAction('answer-call', bridge).kind).toBe('none');
  });

  it('toggles availability available <-> dnd, offline -> available', () => {
    expect(shortcutAction('toggle-availability', makePhoneState())).toEqual({ kind: 'availability', availability: 'dnd' });
    expect(shortcutAction('toggle-availability', makePhoneState({ availability: 'dnd' }))).toEqual({ kind: 'availability', availability: 'available' });
    expect(shortcutAction('toggle-availability', makePhoneState({ availability: 'offline' }))).toEqual({ kind: 'availability', availability: 'available' });
  });

  it('an unknown command does nothing', () => {
    expect(shortcutAction('format-disk', active)).toMatchObject({ kind: 'none' });
  });

  it('the manifest suggests keys for at most four commands (Chrome refuses more)', () => {
    const commands = manifestCommands();
    expect(Object.keys(commands).sort()).toEqual(Object.keys(SHORTCUT_COMMANDS).sort());
    expect(Object.values(commands).filter((c) => c.suggested_key).length).toBeLessThanOrEqual(4);
    expect(commands['toggle-hold']?.suggested_key).toBeUndefined();
  });
});

describe('startShortcuts', () => {
  function setup(state: PhoneState) {
    let listener: ((command: string) => void) | undefined;
    const link = {
      ensure: vi.fn(async () => {}), configure: vi.fn(async () => {}), getState: vi.fn(async () => state),
      accept: vi.fn(async () => {}), reject: vi.fn(async () => {}), hangup: vi.fn(async () => {}),
      mute: vi.fn(async () => {}), dismiss: vi.fn(async () => {}), setAvailability: vi.fn(async () => {}),
      dial: vi.fn(async () => ({ callId: 'out-1' })), hold: vi.fn(async () => {}), dtmf: vi.fn(async () => {}),
      transfer: vi.fn(async () => {}), consult: vi.fn(async () => ({ consultCallId: 'c-1' })), completeTransfer: vi.fn(async () => {}), cancelTransfer: vi.fn(async () => {}),
    } satisfies PhoneLink;
    const setAvailability = vi.fn(async () => {});
    const logger = { debug: vi.fn(), info: vi.fn(), warn: vi.fn(), error: vi.fn() };
    startShortcuts({ onCommand: { addListener: (cb) => void (listener = cb), removeListener() {} }, link, setAvailability, logger });
    const fire = async (command: string) => {
      listener?.(command);
      await vi.waitFor(() => expect(logger.info).toHaveBeenCalled());
      await new Promise((r) => setTimeout(r, 0));
    };
    return { link, setAvailability, logger, fire };
  }

  it('answer reaches the phone link with the ringing call', async () => {
    const t = setup(ringing);
    await t.fire('answer-call');
    expect(t.link.accept).toHaveBeenCalledWith('r');
  });

  it('mute and hang up reach the link; availability goes through the stored path', async () => {
    const t = setup(active);
    await t.fire('toggle-mute');
    expect(t.link.mute).toHaveBeenCalledWith('a', true);
    await t.fire('hang-up');
    expect(t.link.hangup).toHaveBeenCalledWith('a');
    await t.fire('toggle-availability');
    expect(t.setAvailability).toHaveBeenCalledWith('dnd');
  });
});
