/**
 * The demo caller page's form: "Place another call" with editable X-Platforma values, and "Hang up".
 * Appended to the browser caller's page (test/e2e/helpers/browser-caller.ts), whose setup leaves a
 * registered SIP.js UserAgent in `window.ua`. Status text is set with textContent only.
 */
import { PLATFORMA_HEADERS } from '../../test/pbx/platforma-headers';

const field = (name: string, label: string, value: string) =>
  `<label>${label}<input name="${name}" value="${value}" autocomplete="off"></label>`;

export function callerFormHtml(agent: string): string {
  const h = PLATFORMA_HEADERS;
  return `
<style>
  body { font: 14px/1.4 system-ui, sans-serif; margin: 24px; color: #1f2933; max-width: 560px; }
  h1 { font-size: 20px; margin: 0 0 4px; }
  form { display: grid; grid-template-columns: 1fr 1fr; gap: 10px 14px; margin: 16px 0; }
  label { display: grid; gap: 3px; font-size: 12px; color: #52606d; }
  input { font: inherit; padding: 6px 8px; border: 1px solid #cbd2d9; border-radius: 6px; }
  .actions { grid-column: 1 / -1; display: flex; gap: 8px; }
  button { font: inherit; padding: 8px 14px; border-radius: 6px; border: 0; background: #1d3557; color: #fff; cursor: pointer; }
  button.secondary { background: #e4e7eb; color: #1f2933; }
  #status { padding: 8px 10px; background: #f3f5f8; border-radius: 6px; }
</style>
<h1>Demo caller (SIP user 2001)</h1>
<p>Calls agent ${agent} through the test PBX with the X-Platforma headers below. Leave "Contact ref" empty to see the
search pop with the caller's number.</p>
<form id="place">
  ${field('X-Platforma-Number', 'Caller number', h['X-Platforma-Number']!)}
  ${field('X-Platforma-Dial-Number', 'Number dialled', h['X-Platforma-Dial-Number']!)}
  ${field('X-Platforma-Contact-Ref', 'Contact ref', h['X-Platforma-Contact-Ref']!)}
  ${field('X-Platforma-Campaign-Ref', 'Campaign', h['X-Platforma-Campaign-Ref']!)}
  ${field('X-Platforma-Hold-Time', 'Queue wait (s)', h['X-Platforma-Hold-Time']!)}
  ${field('X-Platforma-Call-Ref', 'Call ref', 'c2d-')}
  <div class="actions"><button>Place another call</button><button type="button" class="secondary" id="hangup">Hang up</button></div>
</form>
<p id="status" role="status">Ready.</p>
<script type="module">
  const status = document.getElementById('status');
  const say = (text) => { status.textContent = text; };
  document.getElementById('place').addEventListener('submit', async (event) => {
    event.preventDefault();
    const w = window;
    if (!w.ua) return say('Still registering, try again in a moment.');
    if (w.session && w.session.state !== 'Terminated') return say('A call is still going on: hang up first.');
    const data = new FormData(event.target);
    const headers = [];
    for (const [name, value] of data) {
      const text = String(value).trim();
      headers.push(name + ': ' + (name === 'X-Platforma-Call-Ref' && text === 'c2d-' ? 'c2d-' + Math.floor(100000 + Math.random() * 900000) : text));
    }
    headers.push('X-Platforma-Ref: ${agent}');
    const session = new w.SIP.Inviter(w.ua, w.SIP.UserAgent.makeURI('sip:${agent}@' + w.domain), {
      extraHeaders: headers,
      sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
    });
    w.session = session;
    w.finalStatus = null;
    const words = { Establishing: 'Ringing agent ${agent}…', Established: 'Connected: you should hear the agent.', Terminated: 'Call over.' };
    session.stateChange.addListener((state) => { if (words[state]) say(words[state]); });
    say('Calling ${agent}…');
    await session.invite({
      requestDelegate: {
        onReject: (r) => say(r.message.statusCode === 487 ? 'You hung up before the agent answered.' : 'The agent did not take the call: ' + r.message.statusCode + ' ' + r.message.reasonPhrase),
      },
    });
  });
  document.getElementById('hangup').addEventListener('click', async () => {
    const s = window.session;
    if (!s) return;
    if (s.state === 'Established') await s.bye();
    else if (s.state === 'Establishing') await s.cancel();
  });
</script>`;
}
