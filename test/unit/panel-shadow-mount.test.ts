// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShadowMount } from '@/lib/content/shadow-mount';

describe('caller panel shadow mount', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('puts the styles and the container into a closed shadow root, and a bare host last in the body', () => {
    document.body.innerHTML = '<main>CRM</main>';
    const ui = createShadowMount(document, 'teleforge-caller-panel', ':host{all:initial!important}');
    expect(document.querySelector('teleforge-caller-panel')).toBeNull();
    ui.mount();
    const host = document.querySelector('teleforge-caller-panel')!;
    expect(host.parentElement).toBe(document.body);
    expect(document.body.lastElementChild).toBe(host);
    // The page's way in is shut: no shadowRoot, no attribute, no light-DOM child.
    expect(host.shadowRoot).toBeNull();
    expect(host.attributes).toHaveLength(0);
    expect(host.childNodes).toHaveLength(0);
    const root = ui.container.getRootNode() as ShadowRoot;
    expect(root.mode).toBe('closed');
    expect(root.host).toBe(host);
    expect(root.querySelector('style')?.textContent).toBe(':host{all:initial!important}');
  });

  it('does not move a mounted host (the focus stays), and mounts again after a remove or when the page dropped it', () => {
    const ui = createShadowMount(document, 'teleforge-caller-panel', '');
    ui.mount();
    const host = document.querySelector('teleforge-caller-panel')!;
    document.body.append(document.createElement('footer'));
    ui.mount();
    expect(document.body.lastElementChild?.tagName).toBe('FOOTER');
    ui.remove();
    expect(document.querySelector('teleforge-caller-panel')).toBeNull();
    ui.mount();
    expect(document.querySelector('teleforge-caller-panel')).toBe(host);
    document.body.innerHTML = '';
    ui.mount();
    expect(document.querySelector('teleforge-caller-panel')).toBe(host);
  });

  it('keeps keys, clicks, pointer and focus events in the panel from the CRM page\'s bubbling listeners', () => {
    const ui = createShadowMount(document, 'teleforge-caller-panel', '');
    ui.mount();
    const button = document.createElement('button');
    ui.container.append(button);
    const pageHeard = vi.fn();
    const panelHeard = vi.fn();
    const types = ['click', 'pointerdown', 'pointerup', 'mousedown', 'focusin', 'focusout', 'copy'];
    for (const type of types) {
      document.addEventListener(type, pageHeard);
      button.addEventListener(type, panelHeard);
      button.dispatchEvent(new Event(type, { bubbles: true, composed: true }));
      document.removeEventListener(type, pageHeard);
    }
    expect(panelHeard).toHaveBeenCalledTimes(types.length);
    expect(pageHeard).not.toHaveBeenCalled();
  });

  it('keeps keys pressed in the panel from the CRM page', () => {
    const ui = createShadowMount(document, 'teleforge-caller-panel', '');
    ui.mount();
    const button = document.createElement('button');
    ui.container.append(button);
    const pageHeard = vi.fn();
    const panelHeard = vi.fn();
    document.addEventListener('keydown', pageHeard);
    ui.container.addEventListener('keydown', panelHeard);
    button.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', bubbles: true, composed: true }));
    document.removeEventListener('keydown', pageHeard);
    expect(panelHeard).toHaveBeenCalledTimes(1);
    expect(pageHeard).not.toHaveBeenCalled();
  });
});
