/**
 * closed-root.ts for Firefox, which puppeteer drives over WebDriver BiDi (no CDP). What works in
 * Firefox ESR 153 (checked with a closed root in a plain page):
 * - `script.callFunction` with `serializationOptions.includeShadowTree: 'all'` serialises a host
 *   with its CLOSED shadow root (`value.shadowRoot.sharedId`); that sharedId passed as an argument
 *   gives a sandbox (a BiDi isolated world the page cannot see) the ShadowRoot itself.
 * - `browsingContext.locateNodes` with an accessibility locator finds the panel's buttons when
 *   started from that root (`startNodes`), not from the document: its search does not enter
 *   shadow roots by itself, which is also why puppeteer's `::-p-aria` finds none there.
 * Puppeteer has no public API for either, so the raw BiDi session is taken from the page's
 * frame (`frame.browsingContext.userContext.browser.session`, puppeteer 24 internals).
 */
import type { Page } from 'puppeteer-core';

const SANDBOX = 'teleforge-e2e-reader';

interface BidiSession {
  send(method: string, params: object): Promise<{ result: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw protocol replies
  /** Emits every BiDi event by its method name. */
  connection: { on(event: string, listener: (params: any) => void): void }; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw protocol events
}

/** Whether puppeteer drives this page over WebDriver BiDi (its frames then have a browsingContext). */
export function isBidi(page: Page): boolean {
  return (page.mainFrame() as unknown as { browsingContext?: unknown }).browsingContext !== undefined;
}

function bidiOf(page: Page): { session: BidiSession; context: string } {
  const context = (page.mainFrame() as unknown as { browsingContext?: { id: string; userContext: { browser: { session: BidiSession } } } }).browsingContext;
  if (context === undefined) throw new Error('not a WebDriver BiDi page (puppeteer internals changed?)');
  return { session: context.userContext.browser.session, context: context.id };
}

/** The sharedId of the shadow root (open or closed) of the first `hostSelector`, or null. */
async function rootSharedId(page: Page, hostSelector: string): Promise<string | null> {
  const { session, context } = bidiOf(page);
  const { result } = await session.send('script.callFunction', {
    functionDeclaration: `() => document.querySelector(${JSON.stringify(hostSelector)})`,
    awaitPromise: false,
    target: { context, sandbox: SANDBOX },
    resultOwnership: 'none',
    serializationOptions: { includeShadowTree: 'all', maxDomDepth: 0 },
  });
  if (result.type !== 'success') return null;
  return (result.result?.value?.shadowRoot?.sharedId as string | undefined) ?? null;
}

async function callInSandbox(page: Page, functionDeclaration: string, args: object[]): Promise<unknown> {
  const { session, context } = bidiOf(page);
  const { result } = await session.send('script.callFunction', {
    functionDeclaration,
    arguments: args,
    awaitPromise: true,
    target: { context, sandbox: SANDBOX },
    resultOwnership: 'none',
  });
  if (result.type !== 'success') throw new Error(`reading the shadow root failed: ${result.exceptionDetails?.text ?? 'exception'}`);
  const value = result.result as { type: string; value?: string };
  return value.type === 'string' ? JSON.parse(value.value!) : undefined;
}

/** As closed-root.ts withClosedRoot: `fn(root, ...args)` in a sandbox; args and result JSON. */
export async function withClosedRootBidi<A extends unknown[], T>(
  page: Page,
  hostSelector: string,
  fn: (root: ShadowRoot | null, ...args: A) => T,
  ...args: A
): Promise<T> {
  const rootId = await rootSharedId(page, hostSelector);
  const declaration = `(root, json) => JSON.stringify((${fn.toString()})(root, ...JSON.parse(json)))`;
  const root = rootId === null ? { type: 'null' } : { sharedId: rootId };
  return (await callInSandbox(page, declaration, [root, { type: 'string', value: JSON.stringify(args) }])) as T;
}

export interface BidiButton {
  x: number;
  y: number;
  pressed: string | null;
}

/**
 * The visible button named `name` (accessibility locator from the closed root), in the element
 * `[data-call-id=callId]` when given: its centre in viewport CSS pixels and its aria-pressed.
 */
export async function findButtonBidi(page: Page, hostSelector: string, name: string, callId: string | null): Promise<BidiButton | null> {
  const rootId = await rootSharedId(page, hostSelector);
  if (rootId === null) return null;
  const { session, context } = bidiOf(page);
  const { result } = await session.send('browsingContext.locateNodes', {
    context,
    locator: { type: 'accessibility', value: { name, role: 'button' } },
    startNodes: [{ sharedId: rootId }],
  });
  for (const node of result.nodes as { sharedId: string }[]) {
    const verdict = (await callInSandbox(
      page,
      `(el, id) => {
        el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
        const inScope = id === null || el.closest('[data-call-id="' + CSS.escape(id) + '"]') !== null;
        const style = getComputedStyle(el);
        const box = el.getBoundingClientRect();
        const visible = style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
        return JSON.stringify({ ok: inScope && visible, x: box.left + box.width / 2, y: box.top + box.height / 2, pressed: el.getAttribute('aria-pressed') });
      }`,
      [{ sharedId: node.sharedId }, callId === null ? { type: 'null' } : { type: 'string', value: callId }],
    )) as { ok: boolean } & BidiButton;
    if (verdict.ok) return { x: verdict.x, y: verdict.y, pressed: verdict.pressed };
  }
  return null;
}

/**
 * As closed-root.ts watchClosedRoots, over BiDi: the watcher runs in a sandbox at every document
 * start (`script.addPreloadScript`), reports through a BiDi channel (`script.message`), and gets
 * a new host's closed root handed over by `script.callFunction`. BiDi cannot hold the page while
 * that happens (no debugger pause), so the panel of a page that is navigated away within a
 * round trip or two of showing it (the early view before a record pop) may go unrecorded.
 */
export async function watchClosedRootsBidi(
  page: Page,
  options: { hostSelector: string; watcherSource: string; watcherArg: unknown },
  onMessage: (payload: string) => void,
): Promise<void> {
  const { session, context } = bidiOf(page);
  const channel = `teleforge-e2e-${Math.random().toString(36).slice(2)}`;
  const functionDeclaration = `(send) => {
    globalThis.__closedRootSend = (json) => send(json);
    globalThis.__closedRootWanted = () => send('{"adopt":true}');
    (${options.watcherSource})(${JSON.stringify(options.watcherArg)});
  }`;
  const args = [{ type: 'channel', value: { channel, ownership: 'none' } }];
  await session.send('session.subscribe', { events: ['script.message'], contexts: [context] });
  session.connection.on('script.message', (event: { channel: string; data: { type: string; value?: string } }) => {
    if (event.channel !== channel || event.data.type !== 'string') return;
    const payload = event.data.value ?? '';
    if (payload === '{"adopt":true}') {
      void (async () => {
        const rootId = await rootSharedId(page, options.hostSelector);
        if (rootId !== null) await callInSandbox(page, '(root) => { globalThis.__closedRootAdopt(root); }', [{ sharedId: rootId }]);
      })().catch(() => {
        // The document went away meanwhile: its successor's watcher asks again.
      });
      return;
    }
    onMessage(payload);
  });
  await session.send('script.addPreloadScript', { functionDeclaration, arguments: args, contexts: [context], sandbox: SANDBOX });
  await session.send('script.callFunction', {
    functionDeclaration,
    arguments: args,
    awaitPromise: false,
    target: { context, sandbox: SANDBOX },
  });
}
