import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';

/**
 * Calls need the microphone, but neither the popup nor the offscreen document can show
 * Chrome's permission prompt. The extension page opened here can; the grant is per extension
 * origin, so the offscreen document may use the microphone afterwards.
 *
 * Firefox: the background page (the phone's home there) can show no prompt either, and Firefox's
 * microphone grants are single-use unless "Remember this decision" is ticked: only a remembered
 * grant is kept (in the profile, for this add-on's moz-extension:// origin) and lets the background
 * page take the microphone later, also after a restart. The origin's id is drawn at install, so a
 * removed and reinstalled add-on asks again. The popup says so (README, "Firefox").
 */
export function MicPermissionOffer() {
  const permission = useMicPermission();
  if (permission === 'granted' || permission === 'unknown') return null;
  return (
    <p class="mic-offer">
      {permission === 'denied' ? 'The microphone is blocked for this extension. ' : 'Calls need your microphone. '}
      <button type="button" onClick={() => void browser.tabs.create({ url: browser.runtime.getURL('/mic-permission.html') })}>
        Allow microphone
      </button>
      {import.meta.env.FIREFOX && (
        <span class="mic-offer-firefox">
          {' '}
          When Firefox asks, tick “Remember this decision”: otherwise the grant ends with that tab and calls have no
          microphone. A remembered grant stays after a restart; reinstalling the add-on asks again.
        </span>
      )}
    </p>
  );
}

type MicPermission = PermissionState | 'unknown';

function useMicPermission(): MicPermission {
  const [permission, setPermission] = useState<MicPermission>('unknown');
  useEffect(() => {
    let status: PermissionStatus | undefined;
    const update = () => status && setPermission(status.state);
    // 'microphone' is not a permission name every engine can query: then we cannot tell, and stay quiet.
    navigator.permissions
      .query({ name: 'microphone' as PermissionName })
      .then((s) => {
        status = s;
        update();
        s.addEventListener('change', update);
      })
      .catch(() => setPermission('unknown'));
    return () => status?.removeEventListener('change', update);
  }, []);
  return permission;
}
