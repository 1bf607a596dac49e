/**
 * Plays each active call's remote audio through its own <audio autoplay> element.
 * The page hosting the phone is never visible, so the elements only need to exist.
 */
export interface AudioDocument {
  createElement(tag: 'audio'): HTMLAudioElement;
  body: Pick<HTMLElement, 'append'>;
}

export class RemoteAudio {
  private readonly elements = new Map<string, HTMLAudioElement>();
  /** The call speaker ('' = default), applied to every element (audio-devices.ts). */
  private sinkId = '';

  constructor(private readonly doc: AudioDocument) {}

  /** Idempotent: a second call for the same call keeps the element already playing. */
  attach(callId: string, stream: MediaStream | undefined): void {
    if (!stream || this.elements.get(callId)?.srcObject === stream) return;
    this.detach(callId);
    const audio = this.doc.createElement('audio');
    audio.autoplay = true;
    audio.dataset['callId'] = callId;
    audio.srcObject = stream;
    this.doc.body.append(audio);
    this.elements.set(callId, audio);
    if (this.sinkId !== '') applySink(audio, this.sinkId);
  }

  /** Moves the call audio to another output device, the calls playing now included. */
  setSinkId(sinkId: string): void {
    this.sinkId = sinkId;
    for (const audio of this.elements.values()) applySink(audio, sinkId);
  }

  detach(callId: string): void {
    const audio = this.elements.get(callId);
    if (!audio) return;
    this.elements.delete(callId);
    audio.pause();
    audio.srcObject = null;
    audio.remove();
  }

  detachAll(): void {
    for (const id of [...this.elements.keys()]) this.detach(id);
  }

  get playing(): string[] {
    return [...this.elements.keys()];
  }
}

/**
 * setSinkId is missing in older engines (Firefox before 116): the audio stays on the default. A
 * refusal (the device went away between the check and the call) leaves it where it was.
 */
export function applySink(audio: HTMLMediaElement, sinkId: string): void {
  const el = audio as HTMLMediaElement & { setSinkId?: (id: string) => Promise<void> };
  if (typeof el.setSinkId !== 'function') return;
  el.setSinkId(sinkId).catch(() => undefined);
}
