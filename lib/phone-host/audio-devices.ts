import type { AudioDevices } from './phone-state';
import type { Logger } from './logger';

/**
 * The agent's audio devices in the phone's page: the microphone for calls, the speaker for the
 * call audio and a separate one for the ringtone (a headset for the call, the desk speakers for
 * the ring: HTMLMediaElement.setSinkId). A chosen device that is not connected (never was, or
 * unplugged mid-call: 'devicechange') falls back to the system default, and `onNote` says so in
 * plain words (PhoneState.audioNote); plugged back in, it is used again.
 *
 * The microphone is asked for as `ideal`, not `exact`: getUserMedia then takes the default when the
 * chosen one is missing instead of failing the answer.
 */
export type DeviceInfo = Pick<MediaDeviceInfo, 'deviceId' | 'kind'>;

export interface AudioDeviceDeps {
  enumerateDevices: () => Promise<DeviceInfo[]>;
  /** The outputs in use changed: the call speaker and the ringtone device ('' = default). */
  onOutputs: (outputs: { speakerId: string; ringtoneId: string }) => void;
  onNote: (note: string | undefined) => void;
  logger?: Logger;
}

const NONE: AudioDevices = { microphoneId: '', speakerId: '', ringtoneId: '' };

const MISSING = {
  microphoneId: 'The chosen microphone is not connected: calls use the default microphone.',
  speakerId: 'The chosen call speaker is not connected: call audio plays on the default device.',
  ringtoneId: 'The chosen ringtone device is not connected: the ringtone plays on the default device.',
} as const;

export function withMicrophone(constraints: MediaStreamConstraints, microphoneId: string): MediaStreamConstraints {
  if (microphoneId === '' || !constraints.audio) return constraints;
  const audio = typeof constraints.audio === 'object' ? constraints.audio : {};
  return { ...constraints, audio: { ...audio, deviceId: { ideal: microphoneId } } };
}

export class AudioDeviceChoice {
  private chosen: AudioDevices = NONE;
  private outputs = { speakerId: '', ringtoneId: '' };
  private note: string | undefined;

  constructor(private readonly deps: AudioDeviceDeps) {}

  get microphoneId(): string {
    return this.chosen.microphoneId;
  }

  async configure(devices: AudioDevices | undefined): Promise<void> {
    this.chosen = devices ?? NONE;
    await this.check();
  }

  /** Checks the chosen devices against the connected ones (on configure and on 'devicechange'). */
  async check(): Promise<void> {
    let list: DeviceInfo[];
    try {
      list = await this.deps.enumerateDevices();
    } catch (e) {
      this.deps.logger?.warn('could not list the audio devices', e);
      list = [];
    }
    const present = (kind: MediaDeviceKind, id: string): boolean => {
      if (id === '') return true;
      const ofKind = list.filter((d) => d.kind === kind);
      // Ids hidden (no media permission yet): nothing to compare with, so trust the choice.
      if (!ofKind.some((d) => d.deviceId !== '')) return true;
      return ofKind.some((d) => d.deviceId === id);
    };
    const missing: (keyof AudioDevices)[] = [];
    if (!present('audioinput', this.chosen.microphoneId)) missing.push('microphoneId');
    const speakerOk = present('audiooutput', this.chosen.speakerId);
    const ringOk = present('audiooutput', this.chosen.ringtoneId);
    if (!speakerOk) missing.push('speakerId');
    if (!ringOk) missing.push('ringtoneId');
    const outputs = { speakerId: speakerOk ? this.chosen.speakerId : '', ringtoneId: ringOk ? this.chosen.ringtoneId : '' };
    if (outputs.speakerId !== this.outputs.speakerId || outputs.ringtoneId !== this.outputs.ringtoneId) {
      this.outputs = outputs;
      this.deps.onOutputs(outputs);
    }
    const note = missing.length > 0 ? missing.map((m) => MISSING[m]).join(' ') : undefined;
    if (note !== this.note) {
      this.note = note;
      if (note) this.deps.logger?.warn(note);
      this.deps.onNote(note);
    }
  }
}
