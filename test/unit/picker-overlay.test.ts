// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPickerOverlay, PICKER_HOST } from '../../lib/picker/picker-overlay';

const overlays: ReturnType<typeof createPickerOverlay>[] = [];
afterEach(() => {
  // Its window listeners outlive the body: end every pick so the next test starts clean.
  for (const overlay of overlays.splice(0)) overlay.command({ kind: 'end' });
  document.body.innerHTML = '';
});

const PAGE = `<form action="/search"><input id="crm-lookup" name="q" aria-label="Find contact"><button>Search</button></form>
<input type="checkbox" id="remember"><textarea name="note"></textarea>`;

function setup(gate: (e: Event) => boolean = () => true) {
  document.body.innerHTML = PAGE;
  // happy-dom lays nothing out: give every field a box, as a browser would.
  for (const el of document.querySelectorAll<HTMLElement>('input, textarea')) {
    el.getBoundingClientRect = () => ({ left: 10, top: 10, width: 200, height: 24, right: 210, bottom: 34, x: 10, y: 10, toJSON: () => ({}) }) as DOMRect;
  }
  const port = { picked: vi.fn(async (_selector: string) => undefined), cancelled: vi.fn(async () => undefined) };
  const overlay = createPickerOverlay(document, port, gate);
  overlays.push(overlay);
  const pageClicks: string[] = [];
  document.addEventListener('click', (e) => pageClicks.push((e.target as Element).id || (e.target as Element).localName));
  return { overlay, port, pageClicks, lookup: document.getElementById('crm-lookup') as HTMLInputElement };
}

const host = () => document.querySelector(PICKER_HOST);
const click = (el: Element) => el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));

describe('picker overlay', () => {
  it('shows its overlay in a closed shadow root without touching the page’s fields', async () => {
    const { overlay, lookup } = setup();
    const before = lookup.outerHTML;
    expect(overlay.command({ kind: 'begin' })).toEqual({ ok: true });
    expect(host()).not.toBeNull();
    expect(host()!.shadowRoot).toBeNull(); // closed
    expect(host()!.attributes.length).toBe(0);
    expect(lookup.outerHTML).toBe(before);
    expect(overlay.active).toBe(true);
  });

  it('a click on a text field picks its selector; the click does not reach the page', async () => {
    const { overlay, port, pageClicks, lookup } = setup();
    overlay.command({ kind: 'begin' });
    click(lookup);
    await vi.waitFor(() => expect(port.picked).toHaveBeenCalledWith('#crm-lookup'));
    expect(pageClicks).toEqual([]);
    expect(overlay.active).toBe(false);
    // Once picked, the page gets its clicks again.
    click(lookup);
    expect(pageClicks).toEqual(['crm-lookup']);
  });

  it('ignores clicks that are not the agent’s (isTrusted false): no pick, and the page keeps them', async () => {
    const { overlay, port, pageClicks, lookup } = setup((e) => e.isTrusted);
    overlay.command({ kind: 'begin' });
    click(lookup);
    lookup.click();
    await new Promise((r) => setTimeout(r, 10));
    expect(port.picked).not.toHaveBeenCalled();
    expect(pageClicks).toEqual(['crm-lookup', 'crm-lookup']);
    expect(overlay.active).toBe(true);
  });

  it('a click on something that is not a text field does not pick and keeps picking', async () => {
    const { overlay, port } = setup();
    overlay.command({ kind: 'begin' });
    click(document.getElementById('remember')!);
    click(document.querySelector('button')!);
    await new Promise((r) => setTimeout(r, 10));
    expect(port.picked).not.toHaveBeenCalled();
    expect(overlay.active).toBe(true);
  });

  it('Escape cancels and removes the overlay', () => {
    const { overlay, port } = setup();
    overlay.command({ kind: 'begin' });
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(port.cancelled).toHaveBeenCalled();
    expect(overlay.active).toBe(false);
    expect(host()).toBeNull();
  });

  it('end removes it; test fill types into the field the selector finds, like prefill', async () => {
    const { overlay, lookup } = setup();
    overlay.command({ kind: 'begin' });
    overlay.command({ kind: 'end' });
    expect(host()).toBeNull();
    const inputs: string[] = [];
    lookup.addEventListener('input', () => inputs.push(lookup.value));
    await expect(overlay.command({ kind: 'fill', selector: '#crm-lookup', value: '+447700900000' })).resolves.toEqual({ ok: true });
    expect(inputs).toEqual(['+447700900000']);
    await expect(overlay.command({ kind: 'fill', selector: '#nope', value: '1' })).resolves.toEqual({ ok: false, error: 'no element matches #nope' });
    await expect(overlay.command({ kind: 'fill', selector: 'input', value: '1' })).resolves.toMatchObject({ ok: false, error: expect.stringContaining('exactly one') });
  });
});
