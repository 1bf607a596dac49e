import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPbx, type Pbx } from '../pbx/kamailio';
import { makePhone, phoneConfig, sleep, waitFor } from './phone-harness';

describe('Phone with a wrong password', () => {
  let pbx: Pbx;
  beforeAll(async () => { pbx = await startPbx(); });
  afterAll(async () => { await pbx?.stop(); });

  it('reports auth-failed with the PBX\'s reason and sends at most 3 REGISTERs in 60 s', { timeout: 90_000 }, async () => {
    const t = makePhone();
    const phone = t.phone;
    try {
      const startedAt = Date.now();
      await phone.configure(phoneConfig(pbx, '1001', 'wrong-password'));
      await waitFor(() => phone.getStatus().state === 'auth-failed', 5_000, 'auth-failed');
      const status = phone.getStatus();
      expect(status).toMatchObject({ state: 'auth-failed', ext: '1001', reason: '401 Unauthorized' });
      expect(status.retryAt).toBeGreaterThanOrEqual(status.since + 60_000);
      expect(t.states()).toEqual(['connecting', 'registering', 'auth-failed']);

      await sleep(startedAt + 60_000 - Date.now());
      expect(pbx.requests('REGISTER', '1001')).toBeGreaterThan(0);
      expect(pbx.requests('REGISTER', '1001')).toBeLessThanOrEqual(3);
      expect(phone.getStatus().state).toBe('auth-failed');

      // a corrected password is tried at once, not at the next slow retry
      await phone.configure(phoneConfig(pbx, '1001'));
      await waitFor(() => phone.getStatus().state === 'registered', 5_000, 'registered with the right password');
    } finally {
      await phone.dispose();
    }
  });

  it('retries on the slow schedule: each retry is one more REGISTER attempt, each delay longer', async () => {
    // the production schedule scaled down 60x: 1 s, 2 s, ...
    const t = makePhone({ authRetryBackoff: { initialMs: 1_000, jitter: 0 } });
    const phone = t.phone;
    try {
      await phone.configure(phoneConfig(pbx, '1002', 'wrong-password'));
      await waitFor(() => t.states().filter((s) => s === 'auth-failed').length >= 3, 10_000, 'three auth failures');
      const failures = t.statuses.filter((s) => s.state === 'auth-failed');
      expect(t.states().slice(0, 7)).toEqual(['connecting', 'registering', 'auth-failed', 'registering', 'auth-failed', 'registering', 'auth-failed']);
      const delays = failures.map((s) => (s.retryAt ?? 0) - s.since);
      // retryAt and since are read from the clock a moment apart: allow a few ms between them
      expect(delays.slice(0, 3).map((d) => Math.round(d / 10) * 10)).toEqual([1_000, 2_000, 4_000]);
      expect(failures[1]!.since - failures[0]!.since).toBeGreaterThanOrEqual(1_000);
      // at least one REGISTER reached the PBX per attempt
      await waitFor(() => pbx.requests('REGISTER', '1002') >= 3, 5_000, 'a REGISTER per attempt');
    } finally {
      await phone.dispose();
    }
  });
});
