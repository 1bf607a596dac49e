/**
 * One run of the caller-panel script in a page. The worker may run the script into a tab that
 * already has it (executing it into open tabs races the registered script; an extension update
 * executes it again). Every run shares the content script's isolated world, which the page
 * cannot touch, so a marker there finds the run before: the newest run takes over and the older
 * one is aborted (its panel and listeners go). Panels left by a run whose extension is gone (a
 * reload: its world may be gone with it) are removed from the page.
 */
const OWNER = Symbol.for('teleforge.caller-panel');
type World = { [OWNER]?: AbortController };

/** Returns this run's controller: aborted when a newer run claims the page, or by the run itself. */
export function claimPage(world: object, doc: Document, hostName: string): AbortController {
  const owned = world as World;
  owned[OWNER]?.abort();
  const run = new AbortController();
  owned[OWNER] = run;
  run.signal.addEventListener('abort', () => {
    if (owned[OWNER] === run) delete owned[OWNER];
  });
  for (const stale of doc.querySelectorAll(hostName)) stale.remove();
  return run;
}
