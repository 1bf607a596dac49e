/**
 * The caller panel's host element: `<name>` with an open shadow root that holds the panel's
 * styles (as text: no file the page could fetch) and a container to render into. What WXT's
 * createShadowRootUi did for us, without its ~11 kB of helpers in every CRM tab.
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

export function createShadowMount(doc: Document, name: string, css: string): ShadowMount {
  const host = doc.createElement(name);
  const shadow = host.attachShadow({ mode: 'open' });
  const style = doc.createElement('style');
  style.textContent = css;
  const container = doc.createElement('div');
  // Composed key events would leave the shadow root and reach the CRM's document listeners:
  // keys pressed on the panel's buttons must not fire CRM shortcuts.
  for (const type of ['keydown', 'keyup', 'keypress']) container.addEventListener(type, (e) => e.stopPropagation());
  shadow.append(style, container);
  return {
    container,
    mount: () => {
      if (!host.isConnected) (doc.body ?? doc.documentElement).append(host);
    },
    remove: () => host.remove(),
  };
}
