import { applySink } from './remote-audio';
import type { ToneContext } from './ringtone';

/**
 * The ringtone on its own device. An AudioContext plays on the default output only (its setSinkId
 * is Chrome-only), so for a chosen device the tone goes through a MediaStream into an <audio>
 * element whose sink is that device. With no device chosen the tone stays on the context's own
 * output, as it always did. The element (data-role="ringtone") is made on the first ring that needs it.
 */
export function ringtoneSink(doc: Pick<Document, 'createElement' | 'body'>) {
  let sinkId = '';
  let element: HTMLAudioElement | undefined;
  let destination: MediaStreamAudioDestinationNode | undefined;
  return {
    setSinkId(next: string): void {
      sinkId = next;
      if (element && next !== '') applySink(element, next);
    },
    output(ctx: ToneContext): AudioNode | undefined {
      if (sinkId === '') return undefined;
      if (!destination || !element) {
        destination = (ctx as AudioContext).createMediaStreamDestination();
        element = doc.createElement('audio');
        element.autoplay = true;
        element.dataset['role'] = 'ringtone';
        element.srcObject = destination.stream;
        doc.body.append(element);
      }
      applySink(element, sinkId);
      void element.play().catch(() => undefined);
      return destination;
    },
  };
}
