/**
 * Opened in a tab from the popup: the only kind of extension page that can show Chrome's
 * microphone prompt. The grant covers the whole extension origin, so the offscreen document
 * can then take the microphone for calls. The stream itself is not needed: stop it at once.
 */
const result = document.getElementById('result')!;
const retry = document.getElementById('retry') as HTMLButtonElement;

async function ask(): Promise<void> {
  retry.hidden = true;
  result.textContent = 'Asking for the microphone…';
  try {
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
    for (const track of stream.getTracks()) track.stop();
    result.textContent = 'Microphone allowed. You can close this tab.';
    document.documentElement.dataset['mic'] = 'granted';
  } catch (e) {
    const denied = e instanceof DOMException && e.name === 'NotAllowedError';
    result.textContent = denied
      ? 'The microphone was blocked. Allow it from the icon in the address bar, then ask again.'
      : `The microphone could not be opened: ${e instanceof Error ? e.message : String(e)}`;
    document.documentElement.dataset['mic'] = 'failed';
    retry.hidden = false;
  }
}

retry.addEventListener('click', () => void ask());
void ask();
