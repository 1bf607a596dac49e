import type { CallSnapshot, RegistrationStatus } from '@/lib/phone';
import type { PhoneState } from '@/lib/phone-host/phone-state';

/** Typed fixture factories with overrides, shared by the phone-host, badge and messages tests. */
export function makeRegistration(overrides: Partial<RegistrationStatus> = {}): RegistrationStatus {
  return { state: 'registered', ext: '1001', since: 1_700_000_000_000, ...overrides };
}

export function makeCall(overrides: Partial<CallSnapshot> = {}): CallSnapshot {
  return {
    id: 'call-1',
    source: 'sip',
    state: 'ringing',
    notification: {
      number: '07700900123',
      dialNumber: '02079460000',
      holdTimeSec: 12,
      callRef: 'CR-1',
      contactRef: 'ACC-42',
      campaignRef: null,
      direction: 'inbound',
      ext: '1001',
      format: 'sip',
    },
    warnings: [],
    ringingAt: 1_700_000_001_000,
    muted: false,
    ...overrides,
  };
}

export function makePhoneState(overrides: Partial<PhoneState> = {}): PhoneState {
  return { registration: makeRegistration(), calls: [], ...overrides };
}
