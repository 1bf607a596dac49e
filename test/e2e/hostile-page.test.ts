/**
 * A hostile CRM page (issue 9, item 1): scripts in the page's own world try to read the caller
 * panel, to answer the call with synthetic input, and to flood the extension with work through
 * synthetic `visibilitychange` events. One of them is installed before the content script runs
 * (evaluateOnNewDocument) and patches the DOM prototypes the panel might use. The call must keep
 * ringing (the caller gets no 200), the page must learn nothing of the call, the burst must cost
 * at most a handful of `panel/hello`s, and then a real click (CDP mouse input) answers.
 *
 * How hellos are counted: the screen pop logs one debug line per panel hello it receives (a
 * panel's port opening, or its {t:'hello'} when the tab is shown again: `panel/hello from tab N`,
 * lib/screen-pop/coordinator.ts). It runs in the offscreen document, which hosts the phone (issue
 * 14); the test reads that page's console over CDP. One line per hello that reached it.
 *
 * Needs `TELEFORGE_CRM_ORIGINS=http://127.0.0.1,http://localhost npx wxt build` first.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { PLATFORMA_NOTIFICATION, platformaHeaderLines } from '../pbx/platforma-headers';
import { endLiveCalls, ringFromCaller, settle, startCrmSession, type CrmSession } from './helpers/crm-session';
import { offscreenPage, pollUntil, readPhoneState } from './helpers/extension';
import { PANEL_HOST, clickPanelButton, readPanelDom, waitForPanel } from './helpers/panel-dom';

let session: CrmSession;
let phonePage: Page;
const helloLines: string[] = [];

const CALL_REF = 'CR-HOSTILE-7731';
const CONTACT_REF = 'ACC-HOSTILE-42';

/**
 * Runs in the CRM page's own world at document start, before the content script: keeps every
 * shadow root, listener and focus target it can lay hands on, and forces roots open.
 */
function installSpy(): void {
  type Spy = { roots: ShadowRoot[]; listenerTargets: string[]; calls: number };
  const spy: Spy = { roots: [], listenerTargets: [], calls: 0 };
  (window as unknown as { __spy: Spy }).__spy = spy;
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (this: Element, init: ShadowRootInit) {
    spy.calls += 1;
    const root = attach.call(this, { ...init, mode: 'open' });
    spy.roots.push(root);
    return root;
  };
  const listen = EventTarget.prototype.addEventListener;
  EventTarget.prototype.addEventListener = function (this: EventTarget, ...args: Parameters<EventTarget['addEventListener']>) {
    const node = this as unknown as Node;
    if (typeof node.getRootNode === 'function' && node.getRootNode() !== document) spy.listenerTargets.push(String(node.nodeName));
    return listen.apply(this, args);
  };
  const getRootNode = Node.prototype.getRootNode;
  Node.prototype.getRootNode = function (this: Node, options?: GetRootNodeOptions) {
    const root = getRootNode.call(this, options);
    if (root instanceof ShadowRoot) spy.roots.push(root);
    return root;
  };
  for (const type of ['focusin', 'click', 'pointerdown', 'keydown']) {
    window.addEventListener(
      type,
      (e) => {
        for (const target of e.composedPath()) if (target instanceof ShadowRoot) spy.roots.push(target);
      },
      true,
    );
  }
}

beforeAll(async () => {
  session = await startCrmSession();
  phonePage = await offscreenPage(session.chromium.browser, session.chromium.extensionId);
  phonePage.on('console', (message) => {
    const text = message.text();
    if (text.includes('panel/hello from tab')) helloLines.push(text);
  });
  // The spy must be in place before the content script: a fresh document with it.
  await session.crmTab.evaluateOnNewDocument(installSpy);
  await session.crmTab.reload();
  await pollUntil('the CRM page to carry the spy', () => session.crmTab.evaluate(() => '__spy' in window), (ok) => ok);
});

afterAll(async () => {
  await endLiveCalls(session);
  await session?.close();
});

it('a hostile CRM page can neither read nor answer the call, and its event burst costs a handful of hellos', async () => {
  const { crmTab, caller, popup } = session;
  const { callId } = await ringFromCaller(
    session,
    platformaHeaderLines({ 'X-Platforma-Call-Ref': CALL_REF, 'X-Platforma-Contact-Ref': CONTACT_REF }),
  );
  // The pop navigates the tab to the record; the spy is installed there too before the panel.
  await waitForPanel(crmTab, callId, (p) => p.state === 'ringing' && p.fields.callRef === CALL_REF);
  await crmTab.bringToFront();

  // 1. Read and click, in the page's own world, everything a page script can reach.
  const attack = await crmTab.evaluate(async (hostName) => {
    const spy = (window as unknown as { __spy: { roots: ShadowRoot[]; listenerTargets: string[]; calls: number } }).__spy;
    const host = document.querySelector(hostName) as HTMLElement | null;
    const seen: string[] = [];
    const note = (value: unknown) => seen.push(typeof value === 'string' ? value : JSON.stringify(value) ?? '');
    note(document.documentElement.outerHTML);
    note(document.body.innerText);
    note(host?.outerHTML);
    note(host?.textContent);
    note(host ? [...host.attributes].map((a) => `${a.name}=${a.value}`) : []);
    note(host ? getComputedStyle(host).content : '');
    const rootSeen = host?.shadowRoot ?? null;
    if (rootSeen) spy.roots.push(rootSeen);
    for (const root of spy.roots) note(root.innerHTML);
    // Clicks: on the host, on whatever is at the panel's place, on every button the page finds.
    const box = host?.getBoundingClientRect();
    const targets = new Set<Element>();
    if (host) targets.add(host);
    for (const el of document.elementsFromPoint(window.innerWidth - 60, window.innerHeight - 40)) targets.add(el);
    for (const button of document.querySelectorAll('button')) if (/answer/i.test(button.textContent ?? '')) targets.add(button);
    for (const root of spy.roots) for (const button of root.querySelectorAll('button')) targets.add(button);
    for (const el of targets) {
      (el as HTMLElement).click?.();
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup']) el.dispatchEvent(new PointerEvent(type, { bubbles: true, composed: true, clientX: 10, clientY: 10 }));
      el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
      for (const key of ['Enter', ' ']) {
        el.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, composed: true }));
        el.dispatchEvent(new KeyboardEvent('keyup', { key, bubbles: true, composed: true }));
      }
    }
    // Focus: the panel focuses Answer when it rings; the page sees only the host.
    const active = document.activeElement;
    note(active?.shadowRoot?.innerHTML ?? '');
    active?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    (active as HTMLElement | null)?.click();
    note(String(document.getSelection()));
    return {
      hostFound: host !== null,
      rootSeen: rootSeen !== null,
      stolenRoots: spy.roots.length,
      attachShadowCalls: spy.calls,
      listenerTargets: spy.listenerTargets,
      targets: targets.size,
      hasBox: box !== undefined,
      seen: seen.join('\n'),
    };
  }, PANEL_HOST);

  expect(attack.hostFound).toBe(true);
  expect(attack.rootSeen).toBe(false);
  // The content script's own DOM calls never went through the page's patched prototypes.
  expect(attack.attachShadowCalls).toBe(0);
  expect(attack.stolenRoots).toBe(0);
  expect(attack.listenerTargets).toEqual([]);
  expect(attack.targets).toBeGreaterThan(0);
  // The contact ref is the page's by design (the record URL and the lookup prefill hand it over);
  // what only the panel shows must not reach the page.
  expect(attack.seen).toContain(CONTACT_REF);
  for (const secret of [CALL_REF, PLATFORMA_NOTIFICATION.number, PLATFORMA_NOTIFICATION.dialNumber, callId, 'Incoming call', 'waited 42 s']) {
    expect(attack.seen).not.toContain(secret);
  }

  // Still ringing after all of it: no 200 to the caller, the phone still rings, the panel too.
  await settle(1_000);
  expect(await caller.finalStatus()).toBeNull();
  expect(await caller.sessionState()).toBe('Establishing');
  expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.state).toBe('ringing');
  expect((await readPanelDom(crmTab)).panels).toMatchObject([{ callId, state: 'ringing' }]);

  // 2. A burst of 10,000 synthetic visibilitychange events.
  await settle(300);
  const before = helloLines.length;
  // The count works: the popped record page's panel said its hello at start.
  expect(before).toBeGreaterThan(0);
  await crmTab.evaluate(() => {
    for (let i = 0; i < 10_000; i += 1) document.dispatchEvent(new Event('visibilitychange'));
  });
  await settle(2_000);
  const burstHellos = helloLines.length - before;
  console.log(`10,000 synthetic visibilitychange events -> ${burstHellos} panel/hello at the phone's page`);
  expect(burstHellos).toBeLessThanOrEqual(2);

  // 3. The agent's real click answers.
  await clickPanelButton(crmTab, 'Answer', callId);
  await pollUntil('the caller to get the 200', () => caller.finalStatus(), (s) => s === 200);
  await waitForPanel(crmTab, callId, (p) => p.state === 'active');
  await caller.hangup();
  await pollUntil('the call to end', () => readPhoneState(popup), (s) => !s?.calls.some((c) => c.id === callId && c.state !== 'ended'));
});

it('a page that defines the panel element itself gets no panel there, and its class never sees a root', async () => {
  const { crm, caller, popup, chromium } = session;
  const page = await chromium.browser.newPage();
  try {
    // A custom element class sees a closed root of its own element through ElementInternals.
    await page.evaluateOnNewDocument((hostName) => {
      const w = window as unknown as { __grabbed: string[] };
      w.__grabbed = [];
      customElements.define(
        hostName,
        class extends HTMLElement {
          internals = this.attachInternals();
          connectedCallback() {
            w.__grabbed.push(`connected, root ${this.internals.shadowRoot === null ? 'hidden' : this.internals.shadowRoot.innerHTML}`);
          }
        },
      );
    }, PANEL_HOST);
    await page.goto(`${crm.origin}/`);
    await page.bringToFront();
    const { callId } = await ringFromCaller(session, platformaHeaderLines({ 'X-Platforma-Call-Ref': CALL_REF }));
    // Its panel cannot start there, so it has no port to the phone's page, which therefore does
    // not count it as a CRM tab (issue 14): the caller goes to the other CRM tab, the pop too, and
    // this page is left alone (it learns nothing, and is not navigated).
    await waitForPanel(session.crmTab, callId, (p) => p.state === 'ringing');
    await settle(1_500);
    expect(page.url()).toBe(`${crm.origin}/`);
    const grabbed = await page.evaluate(() => (window as unknown as { __grabbed: string[] }).__grabbed);
    expect(grabbed.join('\n')).not.toContain(CALL_REF);
    expect(grabbed.join('\n')).not.toContain(PLATFORMA_NOTIFICATION.number);
    expect(grabbed.some((g) => g.startsWith('connected, root') && !g.endsWith('hidden'))).toBe(false);
    expect((await readPanelDom(page)).panels).toEqual([]);
    // The call is not lost: it still rings for the popup and the other tab.
    expect((await readPhoneState(popup))?.calls.find((c) => c.id === callId)?.state).toBe('ringing');
    await caller.cancel();
  } finally {
    await page.close();
  }
});
