// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createShadowMount } from '@/lib/content/shadow-mount';

describe('caller panel shadow mount', () => {
  afterEach(() => {
    document.body.innerHTML = '';
  });

  it('puts the styles and the container into an open shadow root, and the host last in the body', () => {
    document.body.innerHTML = '<main>CRM</main>';
    const ui = createShadowMount(document, 'teleforge-caller-panel', ':host{all:initial!important}');
    expect(document.querySelector('teleforge-caller-panel')).toBeNull();
    ui.mount();
    const host = document.querySelector('teleforge-caller-panel')!;
    expect(host.parentElement).toBe(document.body);
    expect(document.body.lastElementChild).toBe(host);
    expect(host.shadowRoot?.querySelector('style')?.textContent).toBe(':host{all:initial!important}');
    expect(ui.container.getRootNode()).toBe(host.shadowRoot);
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
