import type { BridgeCall, BridgeClient, BridgeStatus } from '@/lib/bridge-client';
import type { CallSnapshot, Clock, Phone, RegistrationStatus } from '@/lib/phone';
import { isWaitingCall } from '@/lib/phone/call-waiting';
import { systemClock } from '@/lib/phone/types';
import { AVAILABILITY_REASON, availabilityPlan, type Availability, type DndMode } from '@/lib/phone/availability';
import { dialTargetFor } from '@/lib/dial/normalize-number';
import type { RingKind } from './ringtone';
import { BridgeCalls } from './bridge-calls';
import { QualityMonitor } from './quality-monitor';
import type { Logger } from './logger';
import { ANSWER_IN_BROWSER_OFF, type AudioDevices, type PhoneHostConfig, type PhoneState } from './phone-state';
import type { IceConfig } from './web-sdh-factory';

/**
 * Owns the Phone inside the page that can do WebRTC (Chrome: the offscreen document,
 * Firefox: the persistent background page) and gives it ears and a voice:
 * - rings while any call is 'ringing', silent the moment none is;
 * - plays the remote audio of 'active' calls, drops it when they end;
 * - tells the phone when the network comes back ('online'), so it reconnects at once;
 * - runs the bridge channel beside the phone: its notifications become calls of the same
 *   state (bridge-calls.ts), acked once `onState` has delivered that state to the screen pop;
 * - reports every registration, bridge or call change through `onState`.
 */
export type HostedPhone = Pick<
  Phone,
  | 'configure' | 'onRegistration' | 'onCall' | 'getStatus' | 'getCalls'
  | 'accept' | 'reject' | 'hangup' | 'setMuted' | 'dial' | 'hold' | 'dtmf' | 'remoteMediaStream' | 'networkOnline' | 'dispose'
  | 'transfer' | 'consult' | 'completeTransfer' | 'cancelTransfer'
  | 'setDoNotDisturb' | 'callStats'
>;

export interface PhoneHostDeps {
  phone: HostedPhone;
  /** 'waiting': the soft call-waiting tone, for a call ringing beside an answered one. */
  ringtone: { start(kind?: RingKind): void; stop(): void };
  audio: { attach(callId: string, stream: MediaStream | undefined): void; detach(callId: string): void; detachAll(): void };
  /** Where 'online' fires: the page's window. */
  events: Pick<Window, 'addEventListener' | 'removeEventListener'>;
  /** Receives the chosen audio devices of each config (audio-devices.ts); none: defaults only. */
  setAudioDevices?: (devices: AudioDevices | undefined) => void | Promise<void>;
  /** Receives the ICE servers and policy of each new config before the phone restarts with it. */
  setIce: (ice: IceConfig) => void;
  /** Resolves once the state reached the screen pop (the bridge acks a call only then). */
  onState: (state: PhoneState) => void | Promise<void>;
  /** The bridge channel (lib/bridge-client), built with the host's handlers; none: always off. */
  createBridge?: (handlers: { onStatus: (status: BridgeStatus) => void; onCall: (call: BridgeCall) => Promise<void> }) => BridgeClient;
  clock?: Clock;
  logger?: Logger;
}


export class PhoneHost {
  /** Latest snapshot per call: an onCall event may arrive before getCalls() reflects it. */
  private readonly latest = new Map<string, CallSnapshot>();
  /** Per call, the consult call whose audio is playing. */
  private readonly consults = new Map<string, string>();
  private readonly unsubscribe: (() => void)[] = [];
  private readonly handleOnline = (): void => this.deps.phone.networkOnline();
  private readonly bridgeCalls: BridgeCalls;
  private readonly bridge: BridgeClient | undefined;
  private answerInBrowser = true;
  private config: PhoneHostConfig | undefined;
  private availability: Availability = 'available';
  private dndMode: DndMode = 'reject';
  private audioNote: string | undefined;
  private readonly quality: QualityMonitor;
  /** Answer calls in the browser was turned off during a call: the phone stops once it ends. */
  private stopAfterCall = false;

  constructor(private readonly deps: PhoneHostDeps) {
    const { phone } = deps;
    this.bridgeCalls = new BridgeCalls(deps.clock ?? systemClock);
    this.quality = new QualityMonitor({
      getStats: async (callId) => {
        const report = await deps.phone.callStats(callId);
        return report ? [...(report as unknown as Map<string, Record<string, unknown>>).values()] : undefined;
      },
      clock: deps.clock ?? systemClock,
      onChange: () => this.report(),
    });
    this.bridge = deps.createBridge?.({
      onStatus: () => this.report(),
      onCall: (call) => this.handleBridgeCall(call),
    });
    this.unsubscribe.push(
      phone.onRegistration(() => this.report()),
      phone.onCall((call) => this.handleCall(call)),
    );
    deps.events.addEventListener('online', this.handleOnline);
  }

  async configure(config: PhoneHostConfig): Promise<void> {
    this.config = config;
    this.answerInBrowser = config.answerInBrowser;
    this.availability = config.availability ?? 'available';
    this.dndMode = config.dndMode ?? 'reject';
    this.bridge?.configure(config.bridge);
    // Not awaited: listing the devices may take long or never answer (Firefox's background page
    // has been seen not to), and registering must not wait for it.
    Promise.resolve()
      .then(() => this.deps.setAudioDevices?.(config.audioDevices))
      .catch((e: unknown) => this.deps.logger?.warn('could not apply the audio devices', e));
    await this.applyPhone();
  }

  /** A note about the audio devices (a chosen one missing, the default used); undefined clears it. */
  setAudioNote(note: string | undefined): void {
    if (note === this.audioNote) return;
    this.audioNote = note;
    this.report();
  }

  /**
   * The agent chose an availability ('phone/availability'; the worker has stored it, so the next
   * config carries it too). Reported at once, so the popup and badge show the choice.
   */
  async setAvailability(availability: Availability): Promise<void> {
    this.availability = availability;
    try {
      if (this.config) await this.applyPhone();
    } finally {
      this.report();
    }
  }

  /**
   * Runs the phone the config and the availability ask for (availability.ts). The Phone stops at
   * once on null; turning Answer calls in the browser off, or going Offline (or Do not disturb by
   * unregistering), must not cut the call the agent is on (as other settings wait for it, see
   * Phone.configure): the phone stops once the call ends.
   */
  private async applyPhone(): Promise<void> {
    const config = this.config;
    if (!config) return;
    const plan = availabilityPlan(this.availability, this.dndMode);
    this.deps.phone.setDoNotDisturb(plan.rejectIncoming);
    const off = !config.answerInBrowser || !plan.register;
    this.stopAfterCall = off && this.deps.phone.getCalls().some((c) => c.state === 'ringing' || c.state === 'dialing' || c.state === 'active');
    if (this.stopAfterCall) return;
    const phone = off ? null : config.phone;
    if (phone) this.deps.setIce({ iceServers: phone.iceServers, iceTransportPolicy: phone.iceTransportPolicy ?? 'all' });
    await this.deps.phone.configure(phone);
  }

  /** `current` is included even if the phone already dropped it, so its end is reported. */
  getState(current?: CallSnapshot): PhoneState {
    const calls = new Map(this.deps.phone.getCalls().map((c) => [c.id, c]));
    for (const [id, snapshot] of this.latest) {
      if (calls.has(id)) calls.set(id, snapshot);
    }
    if (current) calls.set(current.id, current);
    // An active call carries its latest quality sample (quality-monitor.ts).
    const sipCalls = [...calls.values()].map((c) => {
      const quality = c.state === 'active' ? this.quality.get(c.id) : undefined;
      return quality ? { ...c, quality } : c;
    });
    const registration = this.deps.phone.getStatus();
    return {
      registration: this.unregisteredReason(registration),
      calls: [...sipCalls, ...this.bridgeCalls.list(sipCalls)],
      bridge: this.bridge?.status ?? { state: 'off', since: registration.since },
      availability: this.availability,
      ...(this.audioNote !== undefined && { audioNote: this.audioNote }),
    };
  }

  /** Unconfigured on purpose (Answer calls in the browser off, Offline, Do not disturb unregistered) says why. */
  private unregisteredReason(registration: RegistrationStatus): RegistrationStatus {
    if (registration.state !== 'unconfigured') return registration;
    if (!this.answerInBrowser) return { ...registration, reason: ANSWER_IN_BROWSER_OFF };
    if (this.availability !== 'available' && !availabilityPlan(this.availability, this.dndMode).register) {
      return { ...registration, reason: AVAILABILITY_REASON[this.availability] };
    }
    return registration;
  }

  /** The agent dismissed a call's panel: a bridge call goes (a SIP call is the phone's business). */
  async dismiss(callId: string): Promise<void> {
    if (this.bridgeCalls.dismiss(callId)) this.report();
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

  /**
   * Outbound: `number` as the agent typed or clicked it, normalised here to E.164 or an extension
   * (throws on anything else). No ring tone (handleCall rings for 'ringing' only); its audio
   * attaches once active.
   */
  async dial(number: string, defaultCountry?: string): Promise<string> {
    return this.deps.phone.dial(dialTargetFor(number, defaultCountry));
  }

  transfer(callId: string, target: string): Promise<void> {
    return this.deps.phone.transfer(callId, target);
  }

  consult(callId: string, target: string): Promise<{ consultCallId: string }> {
    return this.deps.phone.consult(callId, target);
  }

  completeTransfer(callId: string, consultCallId: string): Promise<void> {
    return this.deps.phone.completeTransfer(callId, consultCallId);
  }

  cancelTransfer(callId: string): Promise<void> {
    return this.deps.phone.cancelTransfer(callId);
  }

  hold(callId: string, held: boolean): Promise<void> {
    return this.deps.phone.hold(callId, held);
  }

  dtmf(callId: string, digits: string): Promise<void> {
    return this.deps.phone.dtmf(callId, digits);
  }

  async dispose(): Promise<void> {
    for (const off of this.unsubscribe.splice(0)) off();
    this.quality.stop();
    this.deps.events.removeEventListener('online', this.handleOnline);
    this.deps.ringtone.stop();
    this.deps.audio.detachAll();
    this.bridge?.dispose();
    await this.deps.phone.dispose();
  }

  private handleCall(call: CallSnapshot): void {
    this.latest.set(call.id, call);
    if (call.state === 'active') this.deps.audio.attach(call.id, this.deps.phone.remoteMediaStream(call.id));
    if (call.state === 'ended') this.deps.audio.detach(call.id);
    this.consultAudio(call);
    const state = this.getState(call);
    const ringingCall = state.calls.find((c) => c.state === 'ringing');
    const ringing = ringingCall !== undefined;
    // Beside a call the agent is talking on, a full ring would drown the caller: the soft tone.
    const kind: RingKind = ringingCall !== undefined && isWaitingCall(ringingCall, state.calls) ? 'waiting' : 'ring';
    if (!ringing) this.deps.ringtone.stop();
    if (call.state === 'ended') this.latest.delete(call.id);
    this.quality.track([...this.latest.values()].filter((c) => c.state === 'active').map((c) => c.id));
    if (this.stopAfterCall && !state.calls.some((c) => c.source === 'sip' && c.state !== 'ended')) {
      this.stopAfterCall = false;
      this.deps.phone.configure(null).catch((e: unknown) => this.deps.logger?.error('could not stop the phone', e));
    }
    // Reported before the ringtone starts: the caller panel and the record pop wait for this
    // report, and starting the tone costs a few ms (the first start in a page: ~25 ms to make
    // its AudioContext, unless warmed). A failed report must not leave the phone silent.
    try {
      this.report(state);
    } finally {
      if (ringing) this.deps.ringtone.start(kind);
    }
  }

  /**
   * The consult call of an attended transfer is not a call of its own (consult-call.ts): its
   * audio plays while the consult is answered, under its own id.
   */
  private consultAudio(call: CallSnapshot): void {
    const consultId = call.transfer?.consultCallId;
    const playing = this.consults.get(call.id);
    if (playing !== undefined && (playing !== consultId || call.state === 'ended' || call.transfer?.consultState !== 'active')) {
      this.deps.audio.detach(playing);
      this.consults.delete(call.id);
    }
    if (consultId !== undefined && call.state === 'active' && call.transfer?.consultState === 'active') {
      this.deps.audio.attach(consultId, this.deps.phone.remoteMediaStream(consultId));
      this.consults.set(call.id, consultId);
    }
  }

  /** A repeated notification (same call_ref as a call shown) adds nothing and is acked at once. */
  private handleBridgeCall(call: BridgeCall): Promise<void> {
    const added = this.bridgeCalls.add(call, this.deps.phone.getCalls());
    if (added === null) {
      this.deps.logger?.info(`bridge entry ${call.entryId}: the call is already shown`);
      return Promise.resolve();
    }
    // Rejections reach the bridge client: it does not ack, and the entry comes again.
    return Promise.resolve(this.deps.onState(this.getState()));
  }

  private report(state: PhoneState = this.getState()): void {
    Promise.resolve(this.deps.onState(state)).catch((e: unknown) => this.deps.logger?.warn('could not report the state', e));
  }
}
