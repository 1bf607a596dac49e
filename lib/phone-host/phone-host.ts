import type { CallSnapshot, Phone, PhoneConfig } from '@/lib/phone';
import type { PhoneState } from './phone-state';
import type { IceConfig } from './web-sdh-factory';

/**
 * Owns the Phone inside the page that can do WebRTC (Chrome: the offscreen document,
 * Firefox: the persistent background page) and gives it ears and a voice:
 * - rings while any call is 'ringing', silent the moment none is;
 * - plays the remote audio of 'active' calls, drops it when they end;
 * - tells the phone when the network comes back ('online'), so it reconnects at once;
 * - reports every registration or call change through `onState`.
 */
export type HostedPhone = Pick<
  Phone,
  | 'configure' | 'onRegistration' | 'onCall' | 'getStatus' | 'getCalls'
  | 'accept' | 'reject' | 'hangup' | 'setMuted' | 'remoteMediaStream' | 'networkOnline' | 'dispose'
>;

export interface PhoneHostDeps {
  phone: HostedPhone;
  ringtone: { start(): void; stop(): void };
  audio: { attach(callId: string, stream: MediaStream | undefined): void; detach(callId: string): void; detachAll(): void };
  /** Where 'online' fires: the page's window. */
  events: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** Receives the ICE servers and policy of each new config before the phone restarts with it. */
  setIce: (ice: IceConfig) => void;
  onState: (state: PhoneState) => void;
}

export class PhoneHost {
  /** Latest snapshot per call: an onCall event may arrive before getCalls() reflects it. */
  private readonly latest = new Map<string, CallSnapshot>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly handleOnline = (): void => this.deps.phone.networkOnline();

  constructor(private readonly deps: PhoneHostDeps) {
    const { phone } = deps;
    this.unsubscribe.push(
      phone.onRegistration(() => this.report()),
      phone.onCall((call) => this.handleCall(call)),
    );
    deps.events.addEventListener('online', this.handleOnline);
  }

  async configure(config: PhoneConfig | null): Promise<void> {
    if (config) this.deps.setIce({ iceServers: config.iceServers, iceTransportPolicy: config.iceTransportPolicy ?? 'all' });
    await this.deps.phone.configure(config);
  }

  /** `current` is included even if the phone already dropped it, so its end is reported. */
  getState(current?: CallSnapshot): PhoneState {
    const calls = new Map(this.deps.phone.getCalls().map((c) => [c.id, c]));
    for (const [id, snapshot] of this.latest) {
      if (calls.has(id)) calls.set(id, snapshot);
    }
    if (current) calls.set(current.id, current);
    return { registration: this.deps.phone.getStatus(), calls: [...calls.values()] };
  }

  accept(callId: string): Promise<void> {
    return this.deps.phone.accept(callId);
  }

  reject(callId: string, code?: 486 | 603): Promise<void> {
    return this.deps.phone.reject(callId, code);
  }

  hangup(callId: string): Promise<void> {
    return this.deps.phone.hangup(callId);
  }

  setMuted(callId: string, muted: boolean): void {
    this.deps.phone.setMuted(callId, muted);
  }

  async dispose(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.deps.events.removeEventListener('online', this.handleOnline);
    this.deps.ringtone.stop();
    this.deps.audio.detachAll();
    await this.deps.phone.dispose();
  }

  private handleCall(call: CallSnapshot): void {
    this.latest.set(call.id, call);
    if (call.state === 'active') this.deps.audio.attach(call.id, this.deps.phone.remoteMediaStream(call.id));
    if (call.state === 'ended') this.deps.audio.detach(call.id);
    const state = this.getState(call);
    const ringing = state.calls.some((c) => c.state === 'ringing');
    if (!ringing) this.deps.ringtone.stop();
    if (call.state === 'ended') this.latest.delete(call.id);
    // Reported before the ringtone starts: the caller panel and the record pop wait for this
    // report, and starting the tone costs a few ms (the first start in a page: ~25 ms to make
    // its AudioContext, unless warmed). A failed report must not leave the phone silent.
    try {
      this.report(state);
    } finally {
      if (ringing) this.deps.ringtone.start();
    }
  }

  private report(state: PhoneState = this.getState()): void {
    this.deps.onState(state);
  }
}
