// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRealInput, type InputGate } from '@/components/panel/input-gate';
import { PanelApp } from '@/components/panel/panel-app';
import type { PanelActions } from '@/components/panel/panel-actions';
import { pickCall } from '@/lib/content/pick-call';
import type { PanelCall } from '@/lib/screen-pop/panel-view';
import { DEFAULT_PANEL_PLACE } from '@/lib/screen-pop/panel-view';
import { OUTCOME_CASES, makePanelCall, makeView } from './panel-fixtures';

function fakeActions(overrides: Partial<PanelActions> = {}): PanelActions {
  return {
    accept: vi.fn(async () => {}),
    decline: vi.fn(async () => {}),
    hangup: vi.fn(async () => {}),
    mute: vi.fn(async () => {}),
    hold: vi.fn(async () => {}),
    dtmf: vi.fn(async () => {}),
    dismiss: vi.fn(async () => {}),
    openRecord: vi.fn(async () => {}),
    place: vi.fn(async () => {}),
    transfer: vi.fn(async () => {}),
    consult: vi.fn(async () => {}),
    completeTransfer: vi.fn(async () => {}),
    cancelTransfer: vi.fn(async () => {}),
    ...overrides,
  };
}

/**
 * testing-library dispatches untrusted events only: these tests stand in for the agent with a gate
 * that lets them through (the content script always passes the real `isRealInput`, tested below).
 */
const testInput: InputGate = () => true;

function show(call: PanelCall, actions = fakeActions(), gate: InputGate = testInput) {
  const view = makeView({ calls: [call] });
  const result = render(<PanelApp shape={pickCall(view)} place={view.place} actions={actions} isRealInput={gate} />);
  const rerender = (next: PanelCall) =>
    result.rerender(<PanelApp shape={pickCall(makeView({ calls: [next] }))} place={view.place} actions={actions} isRealInput={gate} />);
  return { actions, rerender, container: result.container };
}
const panel = () => document.querySelector<HTMLElement>('section[data-part="panel"]')!;
const field = (name: string) => document.querySelector(`[data-field="${name}"]`)?.textContent;
const buttonNames = () => within(panel()).getAllByRole('button').map((b) => b.getAttribute('aria-label') ?? b.textContent);

afterEach(() => {
  cleanup();
  vi.useRealTimers();
  document.body.innerHTML = '';
});

describe('caller panel', () => {
  it('shows every field with its label while ringing', () => {
    show(makePanelCall());
    expect(panel().dataset).toMatchObject({ callId: 'call-1', state: 'ringing' });
    expect(panel().hasAttribute('data-end-reason')).toBe(false);
    const rows = [...panel().querySelectorAll('dt')].map((dt) => [dt.textContent, dt.nextElementSibling?.getAttribute('data-field'), dt.nextElementSibling?.textContent]);
    expect(rows).toEqual([
      ['Caller', 'number', '07700900123'],
      ['Dialled', 'dialNumber', '02079460000'],
      ['Waited', 'holdTime', 'waited 42 s'],
      ['Campaign', 'campaignRef', 'inbound'],
      ['Contact ref', 'contactRef', 'ACC-42'],
      ['Call ref', 'callRef', 'c-1001'],
    ]);
    expect(panel().querySelector('[data-part="handle"]')).toBeTruthy();
    expect(document.querySelector('[data-part="root"]')).toBeTruthy();
  });

  it('shows dashes for missing values', () => {
    show(makePanelCall({ notification: { ...makePanelCall().notification, holdTimeSec: null, contactRef: '', campaignRef: null } }));
    expect(field('holdTime')).toBe('—');
    expect(field('contactRef')).toBe('—');
    expect(field('campaignRef')).toBe('—');
  });

  it('offers Answer and Decline while ringing, and sends them', async () => {
    const { actions } = show(makePanelCall());
    expect(buttonNames()).toEqual(['Move panel to the next corner', 'Copy call reference', 'Answer', 'Decline']);
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(actions.accept).toHaveBeenCalledWith('call-1'));
    fireEvent.click(screen.getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(actions.decline).toHaveBeenCalledWith('call-1'));
  });

  it('announces the incoming call in an assertive live region', async () => {
    show(makePanelCall());
    const live = document.querySelector('[aria-live="assertive"]')!;
    await waitFor(() => expect(live.textContent).toBe('Incoming call from 07700900123'));
  });

  it('counts the talk time while active and offers Mute, Hold, Keypad and Hang up', async () => {
    vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval', 'setTimeout', 'clearTimeout'] });
    vi.setSystemTime(1_700_000_065_000);
    const { actions, rerender } = show(makePanelCall({ state: 'active', answeredAt: 1_700_000_000_000 }));
    expect(panel().dataset.state).toBe('active');
    expect(field('timer')).toBe('1:05');
    act(() => {
      vi.advanceTimersByTime(2000);
    });
    expect(field('timer')).toBe('1:07');
    expect(buttonNames()).toEqual(['Move panel to the next corner', 'Copy call reference', 'Mute', 'Hold', 'Keypad', 'Hang up', 'Transfer']);
    const mute = screen.getByRole('button', { name: 'Mute' });
    expect(mute.getAttribute('aria-pressed')).toBe('false');
    fireEvent.click(mute);
    await vi.waitFor(() => expect(actions.mute).toHaveBeenCalledWith('call-1', true));
    rerender(makePanelCall({ state: 'active', answeredAt: 1_700_000_000_000, muted: true }));
    const unmute = screen.getByRole('button', { name: 'Unmute' });
    expect(unmute.getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: 'Hang up' }));
    await vi.waitFor(() => expect(actions.hangup).toHaveBeenCalledWith('call-1'));
  });

  it.each(OUTCOME_CASES)('wrap-up after %s (%s) says "%s"', (endReason, endDetail, text) => {
    show(makePanelCall({ state: 'ended', endReason, endDetail }));
    expect(panel().dataset).toMatchObject({ state: 'ended', endReason });
    expect(field('outcome')).toBe(text);
    expect(field('timer')).toBeUndefined();
    expect(buttonNames()).toEqual(['Move panel to the next corner', 'Copy call reference', 'Open record', 'Dismiss']);
  });

  it('opens the record and dismisses from the wrap-up', async () => {
    const { actions } = show(makePanelCall({ state: 'ended', endReason: 'agent-hung-up' }));
    fireEvent.click(screen.getByRole('button', { name: 'Open record' }));
    await waitFor(() => expect(actions.openRecord).toHaveBeenCalledWith('call-1'));
    fireEvent.click(screen.getByRole('button', { name: 'Dismiss' }));
    await waitFor(() => expect(actions.dismiss).toHaveBeenCalledWith('call-1'));
  });

  it('says when the call was not popped automatically (the cap), and Open record stays available', async () => {
    const note = 'Not popped automatically: more than 10 calls in a minute';
    const { actions } = show(makePanelCall({ state: 'ended', endReason: 'missed', popNote: note }));
    expect(field('pop-note')).toBe(note);
    fireEvent.click(screen.getByRole('button', { name: 'Open record' }));
    await waitFor(() => expect(actions.openRecord).toHaveBeenCalledWith('call-1'));
  });

  it('shows why there is no record', () => {
    show(makePanelCall({ state: 'ended', endReason: 'missed', record: { ok: false, error: 'no CRM search URL template is set' } }));
    expect(field('record-error')).toBe('no CRM search URL template is set');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Open record' }).disabled).toBe(true);
  });

  it('says when the record page was refused for this call and the search by number used instead', () => {
    const fallback = 'contact_ref makes a path segment "..": refused; searched by number instead';
    show(makePanelCall({ record: { ok: true, url: 'https://crm.example.com/search?q=1', kind: 'search', fallback } }));
    expect(field('record-fallback')).toBe(fallback);
    expect(screen.queryByText(/refused/)).not.toBeNull();
  });

  it('keeps a refused action on screen', async () => {
    const actions = fakeActions({ accept: vi.fn(async () => Promise.reject(new Error('the call is gone'))) });
    show(makePanelCall(), actions);
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    expect(await screen.findByRole('alert')).toHaveProperty('textContent', 'the call is gone');
    expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Answer' }).disabled).toBe(false);
  });

  it('disables the buttons while the worker answers (no double answer)', async () => {
    let release!: () => void;
    const actions = fakeActions({ accept: vi.fn(() => new Promise<void>((r) => (release = r))) });
    show(makePanelCall(), actions);
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(screen.getByRole<HTMLButtonElement>('button', { name: 'Answer' }).disabled).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    expect(actions.accept).toHaveBeenCalledOnce();
    release();
  });

  it('renders HTML in values as text', () => {
    const html = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
    show(
      makePanelCall({
        state: 'ended',
        endReason: 'failed',
        endDetail: html,
        record: { ok: false, error: html },
        notification: { ...makePanelCall().notification, number: html, callRef: html, contactRef: html, campaignRef: html, dialNumber: html },
      }),
    );
    for (const name of ['number', 'dialNumber', 'campaignRef', 'contactRef', 'callRef', 'record-error']) expect(field(name)).toBe(html);
    expect(field('outcome')).toBe(`Call failed: ${html}`);
    expect(document.querySelector('[data-part="root"] img, [data-part="root"] script')).toBeNull();
    expect((window as { __pwned?: number }).__pwned).toBeUndefined();
  });

  it('keeps 2 KB values in their row (they wrap and scroll, the panel keeps its buttons)', () => {
    const long = 'A'.repeat(2048);
    show(makePanelCall({ notification: { ...makePanelCall().notification, contactRef: long, number: long } }));
    expect(field('contactRef')).toBe(long);
    expect(screen.getByRole('button', { name: 'Answer' })).toBeTruthy();
  });

  it('copies the call reference and says so', async () => {
    const writeText = vi.fn(async () => {});
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    show(makePanelCall());
    fireEvent.click(screen.getByRole('button', { name: 'Copy call reference' }));
    await waitFor(() => expect(field('copy-status')).toBe('Copied'));
    expect(writeText).toHaveBeenCalledWith('c-1001');
  });

  it('selects the call reference when the clipboard is refused', async () => {
    Object.defineProperty(navigator, 'clipboard', { value: { writeText: vi.fn(async () => Promise.reject(new Error('denied'))) }, configurable: true });
    show(makePanelCall());
    fireEvent.click(screen.getByRole('button', { name: 'Copy call reference' }));
    await waitFor(() => expect(field('copy-status')).toBe('Selected: press Ctrl+C'));
    expect(document.getSelection()?.toString()).toBe('c-1001');
  });
});

describe('focus when a call rings', () => {
  it('moves focus to Answer when the agent is not typing', async () => {
    show(makePanelCall());
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Answer' })));
  });

  it('never takes focus from a field the agent is typing in', async () => {
    const input = document.createElement('input');
    document.body.append(input);
    input.focus();
    show(makePanelCall());
    await new Promise((r) => setTimeout(r, 20));
    expect(document.activeElement).toBe(input);
  });

  it('does nothing destructive on Escape', async () => {
    const { actions } = show(makePanelCall());
    fireEvent.keyDown(screen.getByRole('button', { name: 'Answer' }), { key: 'Escape' });
    fireEvent.keyDown(document, { key: 'Escape' });
    await new Promise((r) => setTimeout(r, 10));
    for (const fn of Object.values(actions)) expect(fn).not.toHaveBeenCalled();
    expect(panel()).toBeTruthy();
  });
});

describe('panel place', () => {
  it('docks to the view place and moves to the next corner by keyboard', async () => {
    const { actions } = show(makePanelCall());
    expect(panel().dataset.dock).toBe('bottom-right');
    expect(panel().style.getPropertyValue('--dx')).toBe('16px');
    expect(panel().style.getPropertyValue('--dy')).toBe('16px');
    fireEvent.click(screen.getByRole('button', { name: 'Move panel to the next corner' }));
    await waitFor(() => expect(actions.place).toHaveBeenCalledWith({ ...DEFAULT_PANEL_PLACE, dock: 'bottom-left' }));
    expect(panel().dataset.dock).toBe('bottom-left');
  });

  it('drags by the handle and snaps to the nearest corner', async () => {
    const { actions } = show(makePanelCall());
    const el = panel();
    // happy-dom does no layout: give the panel a box in the bottom-right corner of a 1024x768 window.
    let box = { left: 700, top: 500, width: 300, height: 250 };
    el.getBoundingClientRect = () => ({ ...box, right: box.left + box.width, bottom: box.top + box.height, x: box.left, y: box.top, toJSON() {} }) as DOMRect;
    Object.assign(window, { innerWidth: 1024, innerHeight: 768 });
    const handle = el.querySelector('[data-part="handle"]')!;
    fireEvent.pointerDown(handle, { pointerId: 1, button: 0, clientX: 710, clientY: 510 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientX: 130, clientY: 70 });
    await waitFor(() => expect(el.style.left).toBe('120px'));
    expect(el.hasAttribute('data-dock')).toBe(false);
    box = { ...box, left: 120, top: 60 };
    fireEvent.pointerUp(handle, { pointerId: 1, clientX: 130, clientY: 70 });
    await waitFor(() => expect(actions.place).toHaveBeenCalledWith({ dock: 'top-left', dx: 120, dy: 60 }));
    expect(el.dataset.dock).toBe('top-left');
    expect(el.style.getPropertyValue('--dy')).toBe('60px');
    expect(el.style.left).toBe('');
  });

  it('restores the place the worker sends', () => {
    const view = makeView({ place: { dock: 'top-left', dx: 40, dy: 90 } });
    render(<PanelApp shape={pickCall(view)} place={view.place} actions={fakeActions()} isRealInput={testInput} />);
    expect(panel().dataset.dock).toBe('top-left');
    expect(panel().style.getPropertyValue('--dx')).toBe('40px');
    expect(panel().style.getPropertyValue('--dy')).toBe('90px');
  });
});

describe('ringing strip', () => {
  it('shows the caller with Answer and Decline', async () => {
    const { actions } = show(makePanelCall({ id: 'call-9', role: 'strip' }));
    const strip = document.querySelector<HTMLElement>('div[data-part="strip"]')!;
    expect(strip.dataset.callId).toBe('call-9');
    expect(document.querySelector('section[data-part="panel"]')).toBeNull();
    expect(strip.textContent).toContain('07700900123');
    expect(within(strip).getAllByRole('button').map((b) => b.textContent)).toEqual(['Answer', 'Decline']);
    fireEvent.click(within(strip).getByRole('button', { name: 'Decline' }));
    await waitFor(() => expect(actions.decline).toHaveBeenCalledWith('call-9'));
    await waitFor(() => expect(document.querySelector('[aria-live="assertive"]')!.textContent).toBe('Incoming call from 07700900123'));
  });

  it('renders nothing but the empty live region without a call', () => {
    render(<PanelApp shape={null} place={DEFAULT_PANEL_PLACE} actions={fakeActions()} isRealInput={testInput} />);
    expect(document.querySelector('[data-part="panel"], [data-part="strip"]')).toBeNull();
  });
});

describe('controls act on real input only', () => {
  const untrusted = (el: Element) => {
    // What a page's script can do to a button it got hold of: all of it untrusted.
    (el as HTMLElement).click();
    fireEvent.click(el);
    el.dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true }));
    fireEvent.keyDown(el, { key: 'Enter' });
    fireEvent.keyUp(el, { key: ' ' });
  };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it.each([
    ['ringing', makePanelCall(), ['Answer', 'Decline']],
    ['active', makePanelCall({ state: 'active', answeredAt: 1_700_000_000_000 }), ['Mute', 'Hang up']],
    ['ended', makePanelCall({ state: 'ended', endReason: 'agent-hung-up' }), ['Open record', 'Dismiss']],
  ] as const)('ignores synthetic clicks on the %s panel with the browser check', async (_, call, names) => {
    const { actions } = show(call, fakeActions(), isRealInput);
    for (const name of [...names, 'Move panel to the next corner', 'Copy call reference']) untrusted(screen.getByRole('button', { name }));
    await settle();
    for (const fn of Object.values(actions)) expect(fn).not.toHaveBeenCalled();
    expect(panel().dataset.dock).toBe('bottom-right');
    expect(field('copy-status')).toBe('');
  });

  it('ignores synthetic clicks on the ringing strip', async () => {
    const { actions } = show(makePanelCall({ role: 'strip' }), fakeActions(), isRealInput);
    const strip = document.querySelector<HTMLElement>('div[data-part="strip"]')!;
    for (const name of ['Answer', 'Decline']) untrusted(within(strip).getByRole('button', { name }));
    await settle();
    expect(actions.accept).not.toHaveBeenCalled();
    expect(actions.decline).not.toHaveBeenCalled();
  });

  it('does not drag on synthetic pointer events', async () => {
    const { actions } = show(makePanelCall(), fakeActions(), isRealInput);
    const el = panel();
    el.getBoundingClientRect = () => ({ left: 700, top: 500, width: 300, height: 250, right: 1000, bottom: 750, x: 700, y: 500, toJSON() {} }) as DOMRect;
    const handle = el.querySelector('[data-part="handle"]')!;
    fireEvent.pointerDown(handle, { pointerId: 1, button: 0, clientX: 710, clientY: 510 });
    fireEvent.pointerMove(handle, { pointerId: 1, clientX: 130, clientY: 70 });
    fireEvent.pointerUp(handle, { pointerId: 1, clientX: 130, clientY: 70 });
    await settle();
    expect(el.style.left).toBe('');
    expect(actions.place).not.toHaveBeenCalled();
  });

  it('asks the gate with the event itself, and acts when it says yes', async () => {
    const gate = vi.fn((e: Event) => e.type === 'click');
    const { actions } = show(makePanelCall(), fakeActions(), gate);
    fireEvent.click(screen.getByRole('button', { name: 'Answer' }));
    await waitFor(() => expect(actions.accept).toHaveBeenCalledWith('call-1'));
    expect(gate).toHaveBeenCalledWith(expect.objectContaining({ type: 'click' }));
  });

  it('isRealInput is the browser\'s isTrusted and nothing else', () => {
    expect(isRealInput({ isTrusted: true } as Event)).toBe(true);
    expect(isRealInput({ isTrusted: false } as Event)).toBe(false);
    expect(isRealInput(new MouseEvent('click'))).toBe(false);
  });
});
