import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { BADGE_COLORS, badgeFor } from '@/lib/status/badge';
import { mirrorPhoneState, phoneStateItem } from '@/lib/status/phone-state-store';
import { clockTime, secondsUntil, statusText } from '@/lib/status/status-text';
import { makeCall, makePhoneState, makeRegistration } from './phone-host-fixtures';

const NOW = 1_700_000_100_000;

describe('statusText', () => {
  it.each([
    [makeRegistration({ state: 'unconfigured', ext: undefined }), 'Not configured'],
    [makeRegistration({ state: 'connecting' }), 'Connecting…'],
    [makeRegistration({ state: 'registering' }), 'Connecting…'],
    [makeRegistration({ state: 'registered' }), 'Registered as 1001'],
    [makeRegistration({ state: 'reconnecting', retryAt: NOW + 4000 }), 'Reconnecting in 4 s'],
    [makeRegistration({ state: 'reconnecting', retryAt: NOW + 3001 }), 'Reconnecting in 4 s'],
    [makeRegistration({ state: 'reconnecting', retryAt: NOW - 10 }), 'Reconnecting…'],
    [makeRegistration({ state: 'reconnecting' }), 'Reconnecting…'],
    [makeRegistration({ state: 'auth-failed' }), 'Wrong password for 1001'],
    [makeRegistration({ state: 'auth-failed', ext: undefined }), 'Wrong extension or password'],
    [makeRegistration({ state: 'error', reason: 'WebSocket closed (1006)' }), 'Error: WebSocket closed (1006)'],
    [makeRegistration({ state: 'error', reason: '  ' }), 'Error: unknown'],
  ])('%o -> %s', (status, text) => {
    expect(statusText(status, NOW)).toBe(text);
  });

  it('says it is still checking before any state is known', () => {
    expect(statusText(null, NOW)).toBe('Checking…');
  });

  it('counts down as time passes', () => {
    const status = makeRegistration({ state: 'reconnecting', retryAt: NOW + 4000 });
    expect([0, 1000, 2500, 3999, 4000].map((dt) => statusText(status, NOW + dt))).toEqual([
      'Reconnecting in 4 s',
      'Reconnecting in 3 s',
      'Reconnecting in 2 s',
      'Reconnecting in 1 s',
      'Reconnecting…',
    ]);
    expect(secondsUntil(undefined, NOW)).toBe(0);
  });
});

describe('badgeFor', () => {
  const badge = (registration: Parameters<typeof makeRegistration>[0], calls = [] as ReturnType<typeof makeCall>[]) =>
    badgeFor(makePhoneState({ registration: makeRegistration(registration), calls }), NOW);

  it('is quiet when registered and idle', () => {
    expect(badge({ state: 'registered' })).toEqual({ text: '', color: BADGE_COLORS.neutral, title: 'Teleforge Screen-Pop: Registered as 1001' });
  });

  it('shows progress, trouble and missing setup', () => {
    expect(badge({ state: 'connecting' })).toMatchObject({ text: '…', color: BADGE_COLORS.neutral });
    expect(badge({ state: 'reconnecting', retryAt: NOW + 4000 })).toMatchObject({ text: '…', color: BADGE_COLORS.warning });
    expect(badge({ state: 'auth-failed' })).toEqual({ text: '!', color: BADGE_COLORS.alert, title: 'Teleforge Screen-Pop: Wrong password for 1001' });
    expect(badge({ state: 'error', reason: 'boom' })).toMatchObject({ text: '!', color: BADGE_COLORS.alert, title: 'Teleforge Screen-Pop: Error: boom' });
    expect(badge({ state: 'unconfigured', ext: undefined })).toMatchObject({ text: '?', title: 'Teleforge Screen-Pop: Not configured' });
  });

  it('names the time of the next reconnect try, which stays true while the worker sleeps', () => {
    // Local-time constructor: the expected text holds in any time zone.
    const now = new Date(2026, 10, 25, 18, 31, 50).getTime();
    const retryAt = new Date(2026, 10, 25, 18, 32, 5, 400).getTime();
    const title = (at: number) =>
      badgeFor(makePhoneState({ registration: makeRegistration({ state: 'reconnecting', retryAt }) }), at).title;
    expect(title(now)).toBe('Teleforge Screen-Pop: Reconnecting…, next try at 18:32:06');
    // The same text however late it is read: no frozen "in 4 s" countdown.
    expect(title(now + 10_000)).toBe(title(now));
    // Once the time has passed the retry is under way (the phone reports 'connecting' next).
    expect(title(retryAt + 1)).toBe('Teleforge Screen-Pop: Reconnecting…');
    expect(badgeFor(makePhoneState({ registration: makeRegistration({ state: 'reconnecting' }) }), now).title).toBe(
      'Teleforge Screen-Pop: Reconnecting…',
    );
  });

  it('formats clock times as local HH:MM:SS, rounded up to the second', () => {
    expect(clockTime(new Date(2026, 0, 2, 3, 4, 5).getTime())).toBe('03:04:05');
    expect(clockTime(new Date(2026, 0, 2, 23, 59, 59, 1).getTime())).toBe('00:00:00');
  });

  it('puts a ringing call above any registration state', () => {
    const ringing = makeCall({ state: 'ringing' });
    for (const state of ['registered', 'reconnecting', 'error'] as const) {
      expect(badge({ state }, [ringing])).toEqual({
        text: 'RING',
        color: BADGE_COLORS.ringing,
        title: 'Teleforge Screen-Pop: incoming call from 07700900123',
      });
    }
  });

  it('stops ringing once no call is ringing', () => {
    expect(badge({ state: 'registered' }, [makeCall({ state: 'active' }), makeCall({ id: 'c2', state: 'ended' })]).text).toBe('');
  });
});

describe('mirrorPhoneState', () => {
  beforeEach(() => {
    fakeBrowser.reset();
  });

  it('stores the state in storage.session and shows it on the toolbar button', async () => {
    const state = makePhoneState({ calls: [makeCall()] });
    await mirrorPhoneState(state, { button: fakeBrowser.action, now: () => NOW });
    expect(await fakeBrowser.storage.session.get('phoneState')).toEqual({ phoneState: state });
    expect(await phoneStateItem.getValue()).toEqual(state);
    expect(await fakeBrowser.action.getBadgeText({})).toBe('RING');
    expect(await fakeBrowser.action.getTitle({})).toBe('Teleforge Screen-Pop: incoming call from 07700900123');
  });
});

describe('missed calls on the badge', () => {
  it('shows the unseen count over the quiet states, with the count in the title', () => {
    const registered = makePhoneState();
    expect(badgeFor(registered, NOW, 2)).toEqual({ text: '2', color: BADGE_COLORS.alert, title: 'Teleforge Screen-Pop: Registered as 1001 (2 missed calls)' });
    expect(badgeFor(makePhoneState({ registration: makeRegistration({ state: 'reconnecting' }) }), NOW, 1).text).toBe('1');
    expect(badgeFor(registered, NOW, 150).text).toBe('99+');
    expect(badgeFor(registered, NOW, 0)).toEqual(badgeFor(registered, NOW));
  });

  it('leaves a ringing call and a broken registration in front', () => {
    const ringing = makePhoneState({ calls: [makeCall({ state: 'ringing' })] });
    expect(badgeFor(ringing, NOW, 3)).toMatchObject({ text: 'RING', title: expect.stringContaining('(3 missed calls)') });
    const failed = makePhoneState({ registration: makeRegistration({ state: 'auth-failed' }) });
    expect(badgeFor(failed, NOW, 1)).toMatchObject({ text: '!', title: expect.stringContaining('(1 missed call)') });
  });
});
