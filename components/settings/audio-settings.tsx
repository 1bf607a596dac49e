import { useEffect, useState } from 'preact/hooks';
import { applySink } from '@/lib/phone-host/remote-audio';
import { t } from '@/lib/i18n';

/** The strings of this component (locales/*.yml), read when rendered. */
const TEXT = {
  get legend() { return t('settings.group.audioDevices'); },
  get systemDefault() { return t('audio.systemDefault'); },
  unnamed: (kind: string, n: number) => t(kind === 'audioinput' ? 'audio.unnamedMicrophone' : 'audio.unnamedSpeaker', [String(n)]),
  get missing() { return t('audio.missing'); },
  test: (field: AudioField) => t(field === 'ringtoneDeviceId' ? 'field.ringtoneDeviceId.test' : 'field.speakerId.test'),
  get hint() { return t('audio.hint'); },
};

export type AudioField = 'microphoneId' | 'speakerId' | 'ringtoneDeviceId';

interface Props {
  values: Record<AudioField, string>;
  locked: (field: AudioField) => boolean;
  onChange: (field: AudioField, deviceId: string) => void;
}

/**
 * The three audio devices of the settings form (saved with it, part of its draft), from
 * enumerateDevices; the ids match in the phone's page (same extension origin). The test buttons
 * play a short tone here, on the device picked, before it is saved.
 */
export function AudioSettings({ values, locked, onChange }: Props) {
  const devices = useDevices();
  const select = (field: AudioField, label: string, kind: MediaDeviceKind) => {
    const ofKind = devices.filter((d) => d.kind === kind && d.deviceId !== '' && d.deviceId !== 'default');
    const chosen = values[field];
    const known = chosen === '' || ofKind.some((d) => d.deviceId === chosen);
    return (
      <div class="field">
        <label for={field}>{label}</label>
        <select id={field} name={field} value={chosen} disabled={locked(field)} onChange={(e) => onChange(field, e.currentTarget.value)}>
          <option value="">{TEXT.systemDefault}</option>
          {ofKind.map((d, i) => (
            <option key={d.deviceId} value={d.deviceId}>
              {d.label || TEXT.unnamed(kind, i + 1)}
            </option>
          ))}
          {!known && <option value={chosen}>{TEXT.missing}</option>}
        </select>
        {kind === 'audiooutput' && (
          <button type="button" class="field__test" onClick={() => void playTestTone(chosen)}>
            {TEXT.test(field)}
          </button>
        )}
      </div>
    );
  };
  return (
    <fieldset class="audio-settings">
      <legend>{TEXT.legend}</legend>
      {select('microphoneId', t('field.microphoneId.label'), 'audioinput')}
      {select('speakerId', t('field.speakerId.label'), 'audiooutput')}
      {select('ringtoneDeviceId', t('field.ringtoneDeviceId.label'), 'audiooutput')}
      <p class="field__hint">{TEXT.hint}</p>
    </fieldset>
  );
}

function useDevices(): MediaDeviceInfo[] {
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    const media = globalThis.navigator?.mediaDevices;
    if (!media) return;
    let open = true;
    const read = () =>
      void media
        .enumerateDevices()
        .then((list) => open && setDevices(list))
        .catch(() => undefined);
    read();
    media.addEventListener('devicechange', read);
    return () => {
      open = false;
      media.removeEventListener('devicechange', read);
    };
  }, []);
  return devices;
}

/** 0.6 s of 440 Hz on `sinkId` ('' = default), through an <audio> element so setSinkId applies. */
async function playTestTone(sinkId: string): Promise<void> {
  const ctx = new AudioContext();
  const destination = ctx.createMediaStreamDestination();
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.frequency.value = 440;
  gain.gain.value = 0.15;
  osc.connect(gain).connect(destination);
  const audio = document.createElement('audio');
  audio.dataset['role'] = 'test-tone';
  audio.srcObject = destination.stream;
  if (sinkId !== '') applySink(audio, sinkId);
  document.body.append(audio);
  osc.start();
  try {
    await audio.play();
    await new Promise((resolve) => setTimeout(resolve, 600));
  } finally {
    osc.stop();
    audio.remove();
    void ctx.close();
  }
}
