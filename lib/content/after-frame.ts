/**
 * Calls `done` once the changes made so far are in a rendered frame: from the next animation
 * frame callback (the frame's style, layout and paint follow in the same task, before any later
 * message, such as a navigation's commit, is handled). A hidden page renders no frames, so it is
 * called at once there; `capMs` bounds the wait if the page is hidden meanwhile or frames stall.
 *
 * The worker waits for this answer before it navigates the tab (the record pop): Chrome keeps the
 * old page's last frame on screen until the new page paints (paint holding), so the caller shows
 * from that frame on instead of only once the popped page has loaded.
 */
export function afterNextFrame(doc: Document, done: () => void, capMs = 100): void {
  const win = doc.defaultView;
  if (win === null || doc.visibilityState !== 'visible') {
    done();
    return;
  }
  let called = false;
  const once = () => {
    if (called) return;
    called = true;
    win.clearTimeout(timer);
    done();
  };
  const timer = win.setTimeout(once, capMs);
  win.requestAnimationFrame(once);
}
