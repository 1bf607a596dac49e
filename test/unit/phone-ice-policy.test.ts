import { describe, expect, it } from 'vitest';
import { sdhOptions } from '@/lib/phone-host/web-sdh-factory';

describe('relay-only ICE in the call handler options', () => {
  const turn = { urls: 'turn:turn.example.com:3478', username: 'u', credential: 'c' };

  it("sets iceTransportPolicy 'relay' with the settings' servers, over what SIP.js passes", () => {
    const options = sdhOptions(
      { peerConnectionConfiguration: { iceServers: [{ urls: 'stun:stun.l.google.com:19302' }], bundlePolicy: 'max-bundle' } },
      { iceServers: [turn], iceTransportPolicy: 'relay' },
    );
    expect(options.peerConnectionConfiguration).toEqual({ iceServers: [turn], iceTransportPolicy: 'relay', bundlePolicy: 'max-bundle' });
    expect(options.iceGatheringTimeout).toBe(500);
  });

  it("is 'all' when the setting is off", () => {
    expect(sdhOptions(undefined, { iceServers: [], iceTransportPolicy: 'all' }).peerConnectionConfiguration).toEqual({
      iceServers: [],
      iceTransportPolicy: 'all',
    });
  });
});
