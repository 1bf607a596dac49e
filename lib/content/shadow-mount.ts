/**
 * The caller panel's host element: `<name>` with a CLOSED shadow root that holds the panel's
 * styles (as text: no file the page could fetch) and a container to render into. What WXT's
 * createShadowRootUi did for us, without its ~11 kB of helpers in every CRM tab.
 *
 * What the CRM page (its own code, third-party widgets, an XSS) can and cannot get at:
 * - Not the panel's nodes: the root is closed, so `host.shadowRoot` is null in the page and
 *   nothing else hands the root out (the container is referenced from this isolated world only).
 *   The host carries no attribute, class or text: nothing of the call is in the light DOM.
 * - Not our code paths: this runs in the content script's isolated world, whose prototypes the
 *   page cannot patch (a page's `Element.prototype.attachShadow` or `addEventListener` override
 *   lives in the main world only).
 * - Custom elements: a page that defines `<name>` itself would construct our host with its class
 *   and could read even a closed root through `attachInternals().shadowRoot`. So a host that is
 *   already a defined custom element is refused (`PanelHostTaken`): no panel in that page (the
 *   popup and the notification still work; test/e2e/hostile-page.test.ts shows the leak without
 *   this check). A definition made later upgrades a host whose root was attached while it was
 *   undefined, which ElementInternals does not expose (DOM spec: "available to element
 *   internals" is set only for a custom or precustomized host; not covered by a test here).
 * - Events: composed key, pointer, mouse, click, focus and clipboard events would leave the
 *   shadow root (retargeted to the host) and reach the CRM's document listeners in the bubbling
 *   phase; they stop at the container. Capture-phase listeners on window/document still see
 *   them, retargeted to the host: they learn that the agent pressed or clicked something on the
 *   panel, never which control or what it shows.
 * NOT defended (a page sees these whatever we do): that a panel is shown and when (the host is
 * added and removed), its box on screen (`elementsFromPoint`), that it holds the focus
 * (`document.activeElement` is the host), and text the agent selects in it (the copy fallback
 * selects the call reference; `getSelection()` may report it). Controls act on real input only
 * (components/panel/input-gate.ts), so a page that finds the host still cannot drive the panel.
 */
export interface ShadowMount {
  /** Render here (inside the shadow root). */
  readonly container: HTMLElement;
  /**
   * Appends the host to the page's body unless it is in the page already (moving it would take
   * the focus from the panel's buttons); after a remove, or when the page dropped it, again.
   */
  mount(): void;
  remove(): void;
}

/** Composed events stopped at the container (see above); our own handlers sit on the controls. */
const CONTAINED_EVENTS = [
  'keydown',
  'keyup',
  'keypress',
  'click',
  'dblclick',
  'auxclick',
  'contextmenu',
  'pointerdown',
  'pointerup',
  'pointermove',
  'pointerover',
  'pointerout',
  'pointercancel',
  'mousedown',
  'mouseup',
  'mousemove',
  'mouseover',
  'mouseout',
  'focusin',
  'focusout',
  'copy',
  'cut',
  'input',
  'beforeinput',
];

export function createShadowMount(doc: Document, name: string, css: string): ShadowMount {
  const host = doc.createElement(name);
  if (isCustomName(name) && host.matches(':defined')) {
    const error = new Error(`the page defines <${name}> itself: no caller panel in this page`);
    error.name = 'PanelHostTaken';
    throw error;
  }
  const shadow = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  // Keys pressed on the panel's buttons must not fire CRM shortcuts either.
  for (const type of CONTAINED_EVENTS) container.addEventListener(type, (e) => e.stopPropagation());
  shadow.append(style, container);
  return {
    container,
    mount: () => {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    remove: () => host.remove(),
  };
}

/** A valid custom element name (has a hyphen): only those can be defined by the page. */
function isCustomName(name: string): boolean {
  return name.includes('-');
}
