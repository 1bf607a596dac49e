/**
 * Reading and watching the caller panel's CLOSED shadow root from a Chromium test, the way
 * DevTools does it: over CDP, never through anything in the build. The page's own world gets
 * `host.shadowRoot === null`; CDP's DOM domain pierces closed roots (`DOM.describeNode` with
 * `pierce`), and `DOM.resolveNode` hands the root to a JavaScript world of our choosing. That
 * world is an isolated world made over CDP (`Page.createIsolatedWorld`): the page's scripts
 * cannot see it or patch its prototypes, and our reading code cannot leak the root to them.
 */
import type { CDPSession, Page } from 'puppeteer-core';

const sessions = new WeakMap<Page, Promise<CDPSession>>();

/** One CDP session per page, kept for its life (its own object ids, bindings and worlds). */
export function cdpOf(page: Page): Promise<CDPSession> {
  let session = sessions.get(page);
  if (session === undefined) {
    session = page.createCDPSession();
    sessions.set(page, session);
  }
  return session;
}

async function mainFrameId(cdp: CDPSession): Promise<string> {
  return (await cdp.send('Page.getFrameTree')).frameTree.frame.id;
}

/** The isolated world `worldName` in the page's current document (made once per document, reused by name). */
export async function isolatedWorld(page: Page, worldName: string): Promise<number> {
  const cdp = await cdpOf(page);
  return (await cdp.send('Page.createIsolatedWorld', { frameId: await mainFrameId(cdp), worldName })).executionContextId;
}

/**
 * The shadow root (open or closed) of the first element matching `hostSelector`, as an object
 * in the world `contextId`; null when there is no such element or it has no root.
 */
export async function closedRootObject(cdp: CDPSession, contextId: number, hostSelector: string): Promise<string | null> {
  const { result } = await cdp.send('Runtime.evaluate', {
    expression: `document.querySelector(${JSON.stringify(hostSelector)})`,
    contextId,
  });
  if (result.objectId === undefined) return null;
  try {
    const { node } = await cdp.send('DOM.describeNode', { objectId: result.objectId, depth: 1, pierce: true });
    const root = node.shadowRoots?.[0];
    if (root === undefined) return null;
    const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: root.backendNodeId, executionContextId: contextId });
    return object.objectId ?? null;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: result.objectId }).catch(() => {});
  }
}

/**
 * Runs `fn(root, ...args)` in an isolated world with the host's shadow root (null when there is
 * no host or root); `fn` is serialised, so it may use nothing from outside; returns its value.
 */
export async function withClosedRoot<A extends unknown[], T>(
  page: Page,
  hostSelector: string,
  fn: (root: ShadowRoot | null, ...args: A) => T,
  ...args: A
): Promise<T> {
  const cdp = await cdpOf(page);
  const contextId = await isolatedWorld(page, 'teleforge-e2e-reader');
  const rootId = await closedRootObject(cdp, contextId, hostSelector);
  const call = {
    functionDeclaration: `function (...args) { return (${fn.toString()})(this === globalThis || this === undefined ? null : this, ...args); }`,
    arguments: args.map((value) => ({ value })),
    returnByValue: true,
    awaitPromise: true,
  };
  const reply = rootId
    ? await cdp.send('Runtime.callFunctionOn', { ...call, objectId: rootId })
    : await cdp.send('Runtime.callFunctionOn', { ...call, executionContextId: contextId });
  if (rootId) await cdp.send('Runtime.releaseObject', { objectId: rootId }).catch(() => {});
  if (reply.exceptionDetails) throw new Error(`reading the shadow root failed: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
  return reply.result.value as T;
}

/**
 * Watches hosts' shadow roots across navigations from an isolated world `worldName`:
 * `watcherSource` (a function's source, run at every document start in that world and now in the
 * current one) must define `globalThis.__closedRootAdopt(root)`, call
 * `globalThis.__closedRootWanted()` when it sees a new host (this helper then hands it the host's
 * shadow root over CDP), and report through `globalThis.__closedRootSend(json)` for `onMessage`
 * (the CDP binding `bindingName` here, a BiDi channel in closed-root-bidi.ts).
 *
 * Handing the root over takes a few CDP round trips, and a page may be navigated away right
 * after it showed the panel (the record pop follows the early view within a frame or two). So
 * `__closedRootWanted` stops the page's JavaScript at a `debugger` statement in the watcher's
 * own world (CDP Debugger domain) until the root is handed over: the watcher takes its times
 * before it calls it, so the pause (a few ms, once per host and document) is not in them. Any
 * other pause (a `debugger` statement in the CRM's own code) is resumed at once.
 */
export async function watchClosedRoots(
  page: Page,
  options: { hostSelector: string; worldName: string; bindingName: string; watcherSource: string; watcherArg: unknown },
  onMessage: (payload: string) => void,
): Promise<void> {
  const cdp = await cdpOf(page);
  const { hostSelector, worldName, bindingName } = options;
  const binding = `globalThis[${JSON.stringify(bindingName)}]`;
  const wanted = `globalThis.__closedRootSend = (json) => ${binding}(json); globalThis.__closedRootWanted = () => { ${binding}('{"adopt":true}'); debugger; };`;
  const source = `${wanted}\n(${options.watcherSource})(${JSON.stringify(options.watcherArg)});`;
  const pending = new Set<number>();
  const adopt = async (contextId: number) => {
    const rootId = await closedRootObject(cdp, contextId, hostSelector);
    if (rootId === null) return;
    await cdp.send('Runtime.callFunctionOn', { objectId: rootId, functionDeclaration: 'function () { globalThis.__closedRootAdopt(this); }' });
    await cdp.send('Runtime.releaseObject', { objectId: rootId }).catch(() => {});
  };
  const adoptPending = async () => {
    const contexts = [...pending];
    pending.clear();
    // A document that went away meanwhile fails here: its successor's watcher asks again.
    await Promise.all(contexts.map((id) => adopt(id).catch(() => {})));
  };
  cdp.on('Runtime.bindingCalled', (event) => {
    if (event.name !== bindingName) return;
    if (event.payload === '{"adopt":true}') {
      pending.add(event.executionContextId);
      return;
    }
    onMessage(event.payload);
  });
  cdp.on('Debugger.paused', () => {
    void adoptPending().finally(() => cdp.send('Debugger.resume').catch(() => {}));
  });
  // Page for the new-document script (it runs only for sessions with Page enabled), Runtime for
  // the binding's calls, Debugger for the pause above.
  await cdp.send('Page.enable');
  await cdp.send('Runtime.enable');
  await cdp.send('Debugger.enable');
  await cdp.send('Runtime.addBinding', { name: bindingName, executionContextName: worldName });
  await cdp.send('Page.addScriptToEvaluateOnNewDocument', { source, worldName, runImmediately: true });
  const contextId = await isolatedWorld(page, worldName);
  await cdp.send('Runtime.evaluate', { expression: source, contextId });
}
