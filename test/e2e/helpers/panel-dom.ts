/**
 * Reads and drives the caller panel in a CRM tab (Chromium) through its DOM contract:
 * <teleforge-caller-panel> with a CLOSED shadow root holding either the full panel
 * (section[data-part="panel"]) or the ringing strip (div[data-part="strip"]). The page's own
 * world cannot see into it, and neither do these helpers: they go through the browser's own
 * inspection (CDP, closed-root.ts; WebDriver BiDi in Firefox, closed-root-bidi.ts) and real input.
 * - Reading: CDP's DOM domain pierces the closed root and resolves it into an isolated world
 *   made over CDP, where the reading code runs (readPanelDom).
 * - Buttons: found by their accessible name and role in the accessibility tree over CDP
 *   (`Accessibility.queryAXTree` from the closed root, what puppeteer's `::-p-aria` selector
 *   does from the document) and clicked with real mouse input (CDP Input events: `isTrusted`),
 *   so a button that is hidden, covered or unnamed fails the test. Nothing runs in the page's
 *   world, so a page that patches DOM prototypes can neither fool these helpers nor catch the
 *   panel's nodes through them.
 */
import type { Page } from 'puppeteer-core';
import { cdpOf, closedRootObject, isolatedWorld, watchClosedRoots, withClosedRoot } from './closed-root';
import { isBidi, watchClosedRootsBidi, withClosedRootBidi } from './closed-root-bidi';
import { pollUntil } from './extension';

export const PANEL_HOST = 'teleforge-caller-panel';
export const FIELDS = ['number', 'dialNumber', 'holdTime', 'campaignRef', 'contactRef', 'callRef'] as const;
export type PanelField = (typeof FIELDS)[number];

export interface PanelSnapshot {
  callId: string | null;
  state: string | null;
  endReason: string | null;
  /** textContent of each dd[data-field]. */
  fields: Partial<Record<PanelField, string>>;
  /** The <dt> text right before each dd[data-field]. */
  labels: Partial<Record<PanelField, string>>;
  timer: string | null;
  outcome: string | null;
  recordError: string | null;
  /** Why the record was not popped automatically (the cap on automatic pops). */
  popNote: string | null;
  /** Accessible-ish names of the visible buttons: aria-label, else text. */
  buttons: string[];
  /** Text of every aria-live="assertive" element in the shadow root. */
  announcements: string[];
}

export interface StripSnapshot {
  callId: string | null;
  text: string;
  buttons: string[];
}

export interface PanelDom {
  hosts: number;
  rootPart: boolean;
  mode: string | null;
  panels: PanelSnapshot[];
  strips: StripSnapshot[];
  /** Elements in the shadow root that must never come from header values. */
  injected: number;
}

/**
 * Everything the page shows of the extension right now (no host: zero panels and strips). Read
 * over CDP in an isolated world (closed-root.ts): the page's world cannot see into the root.
 */
export async function readPanelDom(page: Page): Promise<PanelDom> {
  if (isBidi(page)) return withClosedRootBidi(page, PANEL_HOST, readRoot, PANEL_HOST, [...FIELDS]);
  return withClosedRoot(page, PANEL_HOST, readRoot, PANEL_HOST, [...FIELDS]);
}

/** Runs in an isolated world of the page (serialised): no references to anything outside. */
function readRoot(root: ShadowRoot | null, hostName: string, fieldNames: string[]): PanelDom {
  const hosts = document.querySelectorAll(hostName);
  const names = (scope: Element) =>
    [...scope.querySelectorAll('button')].map((b) => (b.getAttribute('aria-label') ?? b.textContent ?? '').trim());
  const text = (scope: Element, selector: string) => scope.querySelector(selector)?.textContent ?? null;
  const panels = root
    ? [...root.querySelectorAll('section[data-part="panel"]')].map((section) => {
        const fields: Record<string, string> = {};
        const labels: Record<string, string> = {};
        for (const name of fieldNames) {
          const dd = section.querySelector(`dd[data-field="${name}"]`);
          if (!dd) continue;
          fields[name] = dd.textContent ?? '';
          const dt = dd.previousElementSibling;
          if (dt?.tagName === 'DT') labels[name] = (dt.textContent ?? '').trim();
        }
        return {
          callId: section.getAttribute('data-call-id'),
          state: section.getAttribute('data-state'),
          endReason: section.getAttribute('data-end-reason'),
          fields,
          labels,
          timer: text(section, '[data-field="timer"]'),
          outcome: text(section, '[data-field="outcome"]'),
          recordError: text(section, '[data-field="record-error"]'),
          popNote: text(section, '[data-field="pop-note"]'),
          buttons: names(section),
          announcements: [...root.querySelectorAll('[aria-live="assertive"]')].map((el) => el.textContent ?? ''),
        };
      })
    : [];
  const strips = root
    ? [...root.querySelectorAll('div[data-part="strip"]')].map((strip) => ({
        callId: strip.getAttribute('data-call-id'),
        text: strip.textContent ?? '',
        buttons: names(strip),
      }))
    : [];
  return {
    hosts: hosts.length,
    rootPart: root?.querySelector('[data-part="root"]') != null,
    mode: root?.mode ?? null,
    panels,
    strips,
    injected: root ? root.querySelectorAll('script, img, iframe, object, embed, [onerror], [onload], [onclick]').length : 0,
  } as PanelDom;
}

/** Waits until the tab shows the full panel for `callId` (any call when null) and `accept` holds. */
export async function waitForPanel(
  page: Page,
  callId: string | null,
  accept: (p: PanelSnapshot) => boolean = () => true,
  what = 'the caller panel',
  timeoutMs = 15_000,
): Promise<PanelSnapshot> {
  const dom = await pollUntil(
    `${what}${callId ? ` for call ${callId}` : ''}`,
    () => readPanelDom(page),
    (d) => d.panels.some((p) => (callId === null || p.callId === callId) && accept(p)),
    { timeoutMs },
  );
  return dom.panels.find((p) => (callId === null || p.callId === callId) && accept(p))!;
}

export async function waitForStrip(page: Page, callId: string, timeoutMs = 15_000): Promise<StripSnapshot> {
  const dom = await pollUntil(`the ringing strip for call ${callId}`, () => readPanelDom(page), (d) => d.strips.some((s) => s.callId === callId), {
    timeoutMs,
  });
  return dom.strips.find((s) => s.callId === callId)!;
}

/** A button of the panel found in the accessibility tree: where to click it, and its aria-pressed. */
export interface PanelButton {
  backendNodeId: number;
  /** The centre of its box in CSS pixels of the viewport (after scrolling it into view). */
  x: number;
  y: number;
  pressed: string | null;
}

/**
 * The panel's visible button with this accessible name and role button, scoped to one call's
 * panel or strip when `callId` is given. Found with CDP's accessibility tree (the computed name
 * and role, as puppeteer's ARIA selector does) queried from the closed root, so a page button of
 * the same name never counts; checked (scope, visibility, aria-pressed) in the reader world.
 */
export async function panelButton(page: Page, name: string, callId?: string): Promise<PanelButton> {
  return panelControl(page, name, 'button', callId);
}

/** As panelButton, for a control of another role ('textbox' for an input, 'combobox' for a select). */
export async function panelControl(page: Page, name: string, role: string, callId?: string): Promise<PanelButton> {
  const found = await pollUntil(
    `a "${name}" ${role} in the panel${callId ? ` of call ${callId}` : ''}`,
    () => findPanelButton(page, name, callId ?? null, role),
    (b) => b !== null,
  );
  return found!;
}

async function findPanelButton(page: Page, name: string, callId: string | null, role = 'button'): Promise<PanelButton | null> {
  const cdp = await cdpOf(page);
  const contextId = await isolatedWorld(page, 'teleforge-e2e-reader');
  const rootId = await closedRootObject(cdp, contextId, PANEL_HOST);
  if (rootId === null) return null;
  try {
    // Like `::-p-aria`: the whole document's accessibility tree (it includes closed roots; asked
    // from the root or host itself it answers nothing), then only the nodes in our root count.
    const { result: doc } = await cdp.send('Runtime.evaluate', { expression: 'document', contextId });
    if (doc.objectId === undefined) return null;
    const { nodes } = await cdp.send('Accessibility.queryAXTree', { objectId: doc.objectId, accessibleName: name, role });
    await cdp.send('Runtime.releaseObject', { objectId: doc.objectId }).catch(() => {});
    for (const node of nodes) {
      if (node.backendDOMNodeId === undefined || node.ignored) continue;
      const { object } = await cdp.send('DOM.resolveNode', { backendNodeId: node.backendDOMNodeId, executionContextId: contextId });
      if (object.objectId === undefined) continue;
      const check = await cdp.send('Runtime.callFunctionOn', {
        objectId: object.objectId,
        functionDeclaration: `function (root, id) {
          const inScope = this.getRootNode() === root && (id === null || this.closest('[data-call-id="' + CSS.escape(id) + '"]') !== null);
          const style = getComputedStyle(this);
          const box = this.getBoundingClientRect();
          const visible = style.visibility !== 'hidden' && style.display !== 'none' && box.width > 0 && box.height > 0;
          return { ok: inScope && visible, pressed: this.getAttribute('aria-pressed') };
        }`,
        arguments: [{ objectId: rootId }, { value: callId }],
        returnByValue: true,
      });
      await cdp.send('Runtime.releaseObject', { objectId: object.objectId }).catch(() => {});
      const verdict = check.result.value as { ok: boolean; pressed: string | null } | undefined;
      if (!verdict?.ok) continue;
      await cdp.send('DOM.scrollIntoViewIfNeeded', { backendNodeId: node.backendDOMNodeId });
      const { quads } = await cdp.send('DOM.getContentQuads', { backendNodeId: node.backendDOMNodeId });
      const quad = quads[0];
      if (quad === undefined) continue;
      const x = (quad[0]! + quad[2]! + quad[4]! + quad[6]!) / 4;
      const y = (quad[1]! + quad[3]! + quad[5]! + quad[7]!) / 4;
      return { backendNodeId: node.backendDOMNodeId, x, y, pressed: verdict.pressed };
    }
    return null;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: rootId }).catch(() => {});
  }
}

/**
 * Brings the tab to the front (clicks in a background tab can hang) and clicks the named button
 * with real mouse input at its centre (CDP Input: the events are `isTrusted`, and a button
 * covered by something else is not what gets the click).
 */
export async function clickPanelButton(page: Page, name: string, callId?: string): Promise<void> {
  await page.bringToFront();
  const button = await panelButton(page, name, callId);
  await page.mouse.click(button.x, button.y);
}

/** aria-pressed of the named panel button ('true' / 'false' / null). */
export async function ariaPressed(page: Page, name: string, callId?: string): Promise<string | null> {
  return (await panelButton(page, name, callId)).pressed;
}

export interface PanelEvent {
  /** 'panel' or 'strip', with the call id and data-state it showed. */
  kind: 'panel' | 'strip';
  callId: string;
  state: string;
  /** Epoch ms with sub-ms precision (performance.timeOrigin + performance.now() in the tab). */
  at: number;
  url: string;
}

/**
 * Reports the moment each (panel|strip, call, state) first appears in the shadow root, across
 * navigations (the record pop reloads the tab). A watcher in an isolated world made over CDP
 * notices a new host with its own MutationObserver on the light DOM (in the microtask after the
 * content script inserted and rendered it), notes the time, and gets the closed root handed over
 * CDP while the page waits (closed-root.ts): what the first render shows is dated at the
 * insertion, later changes by a MutationObserver on the root itself. Times do not depend on a test's polling interval.
 * Compare with `epochNow()` taken in Node when the INVITE left.
 */
export async function recordPanelEvents(page: Page, sink: (e: PanelEvent) => void): Promise<void> {
  if (isBidi(page)) {
    // Firefox: the same watcher in a BiDi sandbox (closed-root-bidi.ts; no pause there).
    await watchClosedRootsBidi(page, { hostSelector: PANEL_HOST, watcherSource: panelWatcher.toString(), watcherArg: PANEL_HOST }, (json) =>
      sink(JSON.parse(json) as PanelEvent),
    );
    return;
  }
  await watchClosedRoots(
    page,
    { hostSelector: PANEL_HOST, worldName: 'teleforge-e2e-panel-events', bindingName: '__teleforgePanelEvent', watcherSource: panelWatcher.toString(), watcherArg: PANEL_HOST },
    (json) => sink(JSON.parse(json) as PanelEvent),
  );
}

/** Runs in the watcher's isolated world at each document start (serialised: nothing from outside). */
function panelWatcher(hostName: string): void {
  const w = globalThis as unknown as {
    __closedRootSend?: (json: string) => void;
    __closedRootAdopt?: (root: ShadowRoot) => void;
    __closedRootWanted?: () => void;
    __panelWatch?: boolean;
  };
  if (w.__panelWatch) return;
  w.__panelWatch = true;
  const now = () => performance.timeOrigin + performance.now();
  const send = (payload: unknown) => w.__closedRootSend?.(JSON.stringify(payload));
  const seen = new Set<string>();
  const adopted = new WeakSet<ShadowRoot>();
  const insertedAt = new WeakMap<Element, number>();
  const scan = (root: ShadowRoot, at: number) => {
    const report = (kind: string, el: Element) => {
      const callId = el.getAttribute('data-call-id') ?? '';
      const state = el.getAttribute('data-state') ?? 'ringing';
      const key = `${kind}|${callId}|${state}`;
      if (seen.has(key)) return;
      seen.add(key);
      send({ kind, callId, state, at, url: location.href });
    };
    root.querySelectorAll('section[data-part="panel"]').forEach((el) => report('panel', el));
    root.querySelectorAll('div[data-part="strip"]').forEach((el) => report('strip', el));
  };
  w.__closedRootAdopt = (root) => {
    if (adopted.has(root)) return;
    adopted.add(root);
    new MutationObserver(() => scan(root, now())).observe(root, { subtree: true, childList: true, attributes: true });
    scan(root, insertedAt.get(root.host) ?? now());
  };
  const lookForHosts = () => {
    for (const host of document.querySelectorAll(hostName)) {
      if (insertedAt.has(host)) continue;
      insertedAt.set(host, now());
      // Pauses this page until the root is here (closed-root.ts), after the time was taken.
      w.__closedRootWanted?.();
    }
  };
  const start = () => {
    new MutationObserver(lookForHosts).observe(document.documentElement, { subtree: true, childList: true });
    lookForHosts();
  };
  if (document.documentElement) start();
  else document.addEventListener('DOMContentLoaded', start, { once: true });
}

/** Epoch ms with sub-ms precision in this (Node) process, comparable with PanelEvent.at. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A performance.now() of this process (e.g. CrmRequest.at) as epoch ms. */
export function epochOf(performanceNow: number): number {
  return performance.timeOrigin + performanceNow;
}
