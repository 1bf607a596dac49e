import { describe, expect, it, vi } from 'vitest';
import { AudioDeviceChoice, withMicrophone, type DeviceInfo } from '@/lib/phone-host/audio-devices';
import { RemoteAudio } from '@/lib/phone-host/remote-audio';

const mic = (id: string): DeviceInfo => ({ kind: 'audioinput', deviceId: id });
const out = (id: string): DeviceInfo => ({ kind: 'audiooutput', deviceId: id });

function setup(initial: DeviceInfo[]) {
  let list = initial;
  const onOutputs = vi.fn();
  const onNote = vi.fn();
  const choice = new AudioDeviceChoice({ enumerateDevices: async () => list, onOutputs, onNote });
  return { choice, onOutputs, onNote, plug: (next: DeviceInfo[]) => void (list = next) };
}

describe('withMicrophone', () => {
  it('asks for the chosen microphone as ideal (a missing one falls back), keeping other constraints', () => {
    expect(withMicrophone({ audio: true, video: false }, 'mic-1')).toEqual({ audio: { deviceId: { ideal: 'mic-1' } }, video: false });
    expect(withMicrophone({ audio: { echoCancellation: true } }, 'mic-1')).toEqual({ audio: { echoCancellation: true, deviceId: { ideal: 'mic-1' } } });
  });

  it('changes nothing for the default or a call without audio', () => {
    expect(withMicrophone({ audio: true }, '')).toEqual({ audio: true });
    expect(withMicrophone({ audio: false, video: false }, 'mic-1')).toEqual({ audio: false, video: false });
  });
});

describe('AudioDeviceChoice', () => {
  it('uses the chosen speaker and ringtone device when connected, with no note', async () => {
    const t = setup([mic('default'), out('default'), out('headset'), out('desk')]);
    await t.choice.configure({ microphoneId: '', speakerId: 'headset', ringtoneId: 'desk' });
    expect(t.onOutputs).toHaveBeenLastCalledWith({ speakerId: 'headset', ringtoneId: 'desk' });
    expect(t.onNote).not.toHaveBeenCalled();
  });

  it('a device unplugged falls back to the default and says so; plugged back, it is used again', async () => {
    const t = setup([out('headset'), out('desk')]);
    await t.choice.configure({ microphoneId: '', speakerId: 'headset', ringtoneId: 'desk' });
    t.plug([out('desk')]);
    await t.choice.check(); // 'devicechange'
    expect(t.onOutputs).toHaveBeenLastCalledWith({ speakerId: '', ringtoneId: 'desk' });
    expect(t.onNote).toHaveBeenLastCalledWith(expect.stringContaining('call speaker is not connected'));
    t.plug([out('headset'), out('desk')]);
    await t.choice.check();
    expect(t.onOutputs).toHaveBeenLastCalledWith({ speakerId: 'headset', ringtoneId: 'desk' });
    expect(t.onNote).toHaveBeenLastCalledWith(undefined);
  });

  it('a missing microphone is named in the note (getUserMedia takes the default: ideal)', async () => {
    const t = setup([mic('built-in'), out('default')]);
    await t.choice.configure({ microphoneId: 'usb-mic', speakerId: '', ringtoneId: '' });
    expect(t.onNote).toHaveBeenLastCalledWith(expect.stringContaining('microphone is not connected'));
    expect(t.choice.microphoneId).toBe('usb-mic');
  });

  it('trusts the choice while device ids are hidden (no media permission yet)', async () => {
    const t = setup([mic(''), out('')]);
    await t.choice.configure({ microphoneId: 'm', speakerId: 's', ringtoneId: 'r' });
    expect(t.onOutputs).toHaveBeenLastCalledWith({ speakerId: 's', ringtoneId: 'r' });
    expect(t.onNote).not.toHaveBeenCalled();
  });

  it('a device list that fails to load counts as no information, not as everything unplugged', async () => {
    const onNote = vi.fn();
    const choice = new AudioDeviceChoice({ enumerateDevices: () => Promise.reject(new Error('no')), onOutputs: vi.fn(), onNote });
    await choice.configure({ microphoneId: '', speakerId: 's', ringtoneId: '' });
    expect(onNote).not.toHaveBeenCalled();
  });
});

describe('RemoteAudio sink', () => {
  it('moves playing call audio to the chosen speaker and uses it for the next call', () => {
    const made: { sinkId: string; setSinkId: (id: string) => Promise<void> }[] = [];
    const doc = {
      createElement: () => {
        const el = { dataset: {}, sinkId: '', setSinkId: vi.fn(async (id: string) => void (el.sinkId = id)), pause() {}, remove() {} } as unknown as HTMLAudioElement & { sinkId: string };
        made.push(el as never);
        return el;
      },
      body: { append() {} },
    };
    const audio = new RemoteAudio(doc);
    audio.attach('a', {} as MediaStream);
    audio.setSinkId('headset');
    expect(made[0]?.sinkId).toBe('headset');
    audio.attach('b', {} as MediaStream);
    expect(made[1]?.sinkId).toBe('headset');
  });
});
