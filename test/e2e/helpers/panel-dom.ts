/**
 * Reads and drives the caller panel in a CRM tab through its DOM contract (see the screen-pop
 * brief): <teleforge-caller-panel> with an open shadow root holding either the full panel
 * (section[data-part="panel"]) or the ringing strip (div[data-part="strip"]). Buttons are found
 * by their accessible name (puppeteer's ARIA selector, which sees into shadow roots) and clicked
 * with real mouse input, so a button that is hidden, covered or unnamed fails the test.
 */
import type { ElementHandle, Page } from 'puppeteer-core';
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

/** Everything the page shows of the extension right now (no host: zero panels and strips). */
export async function readPanelDom(page: Page): Promise<PanelDom> {
  return page.evaluate((hostName, fieldNames) => {
    const hosts = document.querySelectorAll(hostName);
    const host = hosts[0];
    const root = host?.shadowRoot ?? null;
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
    };
  }, PANEL_HOST, [...FIELDS]) as Promise<PanelDom>;
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

/**
 * The panel's button with this accessible name (ARIA selector: computed name and role, inside the
 * shadow root), scoped to one call's panel or strip when `callId` is given.
 */
export async function panelButton(page: Page, name: string, callId?: string): Promise<ElementHandle<Element>> {
  const found = await pollUntil(
    `a "${name}" button in the panel${callId ? ` of call ${callId}` : ''}`,
    async () => {
      for (const handle of await page.$$(`::-p-aria(${name}[role="button"])`)) {
        const inScope = await handle.evaluate(
          (el, hostName, id) => {
            const root = el.getRootNode();
            return root instanceof ShadowRoot && root.host.localName === hostName && (id === null || el.closest(`[data-call-id="${id}"]`) !== null);
          },
          PANEL_HOST,
          callId ?? null,
        );
        if (inScope && (await handle.isVisible())) return handle;
      }
      return null;
    },
    (h) => h !== null,
  );
  return found!;
}

/** Brings the tab to the front (clicks in a background tab can hang) and clicks the named button. */
export async function clickPanelButton(page: Page, name: string, callId?: string): Promise<void> {
  await page.bringToFront();
  const button = await panelButton(page, name, callId);
  await button.click();
}

/** aria-pressed of the named panel button ('true' / 'false' / null). */
export async function ariaPressed(page: Page, name: string, callId?: string): Promise<string | null> {
  return (await panelButton(page, name, callId)).evaluate((el) => el.getAttribute('aria-pressed'));
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
 * Reports, from inside the tab, the moment each (panel|strip, call, state) first appears in the
 * shadow root, across navigations (the record pop reloads the tab). A MutationObserver sees it
 * within the frame it is rendered in, so the times do not depend on a test's polling interval.
 * Compare with `epochNow()` taken in Node when the INVITE left.
 */
export async function recordPanelEvents(page: Page, sink: (e: PanelEvent) => void): Promise<void> {
  await page.exposeFunction('__teleforgePanelEvent', (e: PanelEvent) => sink(e));
  const watch = (hostName: string) => {
    const w = window as unknown as { __teleforgePanelEvent: (e: unknown) => void; __panelWatch?: boolean };
    if (w.__panelWatch) return;
    w.__panelWatch = true;
    const seen = new Set<string>();
    const observed = new WeakSet<Node>();
    const scan = () => {
      const root = document.querySelector(hostName)?.shadowRoot;
      if (!root) return;
      if (!observed.has(root)) {
        observed.add(root);
        new MutationObserver(scan).observe(root, { subtree: true, childList: true, attributes: true });
      }
      const report = (kind: string, el: Element) => {
        const callId = el.getAttribute('data-call-id') ?? '';
        const state = el.getAttribute('data-state') ?? 'ringing';
        const key = `${kind}|${callId}|${state}`;
        if (seen.has(key)) return;
        seen.add(key);
        w.__teleforgePanelEvent({ kind, callId, state, at: performance.timeOrigin + performance.now(), url: location.href });
      };
      root.querySelectorAll('section[data-part="panel"]').forEach((el) => report('panel', el));
      root.querySelectorAll('div[data-part="strip"]').forEach((el) => report('strip', el));
    };
    const start = () => {
      new MutationObserver(scan).observe(document.documentElement, { subtree: true, childList: true });
      scan();
    };
    if (document.documentElement) start();
    else document.addEventListener('DOMContentLoaded', start, { once: true });
  };
  await page.evaluateOnNewDocument(watch, PANEL_HOST);
  await page.evaluate(watch, PANEL_HOST);
}

/** Epoch ms with sub-ms precision in this (Node) process, comparable with PanelEvent.at. */
export function epochNow(): number {
  return performance.timeOrigin + performance.now();
}

/** A performance.now() of this process (e.g. CrmRequest.at) as epoch ms. */
export function epochOf(performanceNow: number): number {
  return performance.timeOrigin + performanceNow;
}
