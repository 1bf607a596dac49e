// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { prefillLookup } from '@/lib/content/prefill';

afterEach(() => {
  document.body.innerHTML = '';
  vi.useRealTimers();
});

/**
 * What React does to a controlled input: an instance-level `value` property whose setter records
 * the value (so a plain assignment is "no change") and an input listener that only reports a
 * change when the DOM value differs from the recorded one.
 */
function installReactLikeTracker(input: HTMLInputElement) {
  const proto = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!;
  let tracked = input.value;
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() {
      return proto.get!.call(this);
    },
    set(v: string) {
      tracked = v;
      proto.set!.call(this, v);
    },
  });
  const changes: string[] = [];
  input.addEventListener('input', () => {
    const current = proto.get!.call(input) as string;
    if (current !== tracked) {
      tracked = current;
      changes.push(current);
    }
  });
  return changes;
}

function recordEvents(el: Element, types: string[]) {
  const seen: Event[] = [];
  for (const type of types) document.addEventListener(type, (e) => e.target === el && seen.push(e), true);
  return seen;
}

describe('prefillLookup', () => {
  it('sets the value through the native setter so a React-like tracker sees the change', async () => {
    document.body.innerHTML = '<input id="q" type="search">';
    const input = document.querySelector<HTMLInputElement>('#q')!;
    const changes = installReactLikeTracker(input);

    // The naive way is swallowed by the tracker: this is the bug the native setter avoids.
    input.value = 'naive';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(changes).toEqual([]);

    await expect(prefillLookup(document, { selector: '#q', value: 'ACC-42', submit: false })).resolves.toEqual({ ok: true });
    expect(input.value).toBe('ACC-42');
    expect(changes).toEqual(['ACC-42']);
    expect(document.activeElement).toBe(input);
  });

  it('dispatches bubbling input (insertText) and change events, in that order', async () => {
    document.body.innerHTML = '<div><textarea name="q"></textarea></div>';
    const textarea = document.querySelector('textarea')!;
    const events = recordEvents(textarea, ['input', 'change']);
    await prefillLookup(document, { selector: 'textarea[name=q]', value: '07700 900123', submit: false });
    expect(textarea.value).toBe('07700 900123');
    expect(events.map((e) => e.type)).toEqual(['input', 'change']);
    expect(events.every((e) => e.bubbles)).toBe(true);
    expect(events[0]).toBeInstanceOf(InputEvent);
    expect((events[0] as InputEvent).inputType).toBe('insertText');
    expect((events[0] as InputEvent).data).toBe('07700 900123');
  });

  it('fills a contenteditable element with text, never markup', async () => {
    document.body.innerHTML = '<div id="ed" contenteditable="true"></div>';
    const el = document.getElementById('ed')!;
    const events = recordEvents(el, ['input']);
    await expect(prefillLookup(document, { selector: '#ed', value: '<img src=x onerror=alert(1)>', submit: false })).resolves.toEqual({ ok: true });
    expect(el.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(el.querySelector('img')).toBeNull();
    expect(events).toHaveLength(1);
  });

  it('submits the enclosing form with requestSubmit', async () => {
    document.body.innerHTML = '<form><input name="q"><button>Go</button></form>';
    const form = document.querySelector('form')!;
    const submitted = vi.fn((e: Event) => e.preventDefault());
    form.addEventListener('submit', submitted);
    const requestSubmit = vi.spyOn(form, 'requestSubmit');
    await prefillLookup(document, { selector: 'input[name=q]', value: 'ACC-42', submit: true });
    expect(requestSubmit).toHaveBeenCalledOnce();
    expect(submitted).toHaveBeenCalledOnce();
  });

  it("submits only into a form whose action is on the page's own origin; otherwise fills and submits nothing", async () => {
    const own = window.location.origin;
    for (const [action, allowed] of [
      ['/search', true],
      [`${own}/s?x=1`, true],
      ['', true],
      ['https://collector.example.net/grab', false],
      ['//collector.example.net/grab', false],
      ['javascript:void(0)', false],
    ] as const) {
      document.body.innerHTML = `<form action="${action}"><input name="q"><button>Go</button></form>`;
      const form = document.querySelector('form')!;
      const submitted = vi.fn((e: Event) => e.preventDefault());
      form.addEventListener('submit', submitted);
      const result = await prefillLookup(document, { selector: 'input[name=q]', value: 'ACC-42', submit: true });
      const input = document.querySelector('input')!;
      if (allowed) {
        expect(result, action).toEqual({ ok: true });
        expect(submitted, action).toHaveBeenCalledOnce();
      } else {
        expect(result, action).toEqual({ ok: false, error: expect.stringMatching(/posts to .*not this page's origin: nothing filled or submitted/) });
        expect(submitted, action).not.toHaveBeenCalled();
        expect(input.value, action).toBe('');
      }
    }
  });

  it('reads the form action past a control named "action" (DOM clobbering), and follows the form attribute', async () => {
    document.body.innerHTML =
      '<form id="f" action="https://collector.example.net/grab"><input name="action" value="/search"></form><input name="q" form="f">';
    const form = document.querySelector('form')!;
    const submitted = vi.fn((e: Event) => e.preventDefault());
    form.addEventListener('submit', submitted);
    const result = await prefillLookup(document, { selector: 'input[name=q]', value: 'ACC-42', submit: true });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining('https://collector.example.net') });
    expect(submitted).not.toHaveBeenCalled();
  });

  it('fills nothing when the selector matches more than one element, and says how many', async () => {
    document.body.innerHTML = '<input class="q"><form action="/s"><input class="q"></form>';
    const submitted = vi.fn((e: Event) => e.preventDefault());
    document.querySelector('form')!.addEventListener('submit', submitted);
    const result = await prefillLookup(document, { selector: '.q', value: 'ACC-42', submit: true }, { timeoutMs: 0 });
    expect(result).toEqual({ ok: false, error: '2 elements match .q: nothing filled (it must match exactly one)' });
    expect([...document.querySelectorAll<HTMLInputElement>('.q')].map((i) => i.value)).toEqual(['', '']);
    expect(submitted).not.toHaveBeenCalled();
  });

  it('presses Enter when the field is in no form', async () => {
    document.body.innerHTML = '<input id="q">';
    const input = document.getElementById('q')!;
    const keys = recordEvents(input, ['keydown', 'keypress', 'keyup']);
    await prefillLookup(document, { selector: '#q', value: 'ACC-42', submit: true });
    expect(keys.map((e) => `${e.type}:${(e as KeyboardEvent).key}`)).toEqual(['keydown:Enter', 'keypress:Enter', 'keyup:Enter']);
  });

  it('does not submit unless asked', async () => {
    document.body.innerHTML = '<form><input name="q"></form>';
    const submitted = vi.fn((e: Event) => e.preventDefault());
    document.querySelector('form')!.addEventListener('submit', submitted);
    await prefillLookup(document, { selector: 'input', value: 'x', submit: false });
    expect(submitted).not.toHaveBeenCalled();
  });

  it('waits for a field the CRM renders later', async () => {
    const pending = prefillLookup(document, { selector: '#late', value: 'ACC-42', submit: false }, { timeoutMs: 2000 });
    setTimeout(() => {
      document.body.innerHTML = '<input id="late">';
    }, 20);
    await expect(pending).resolves.toEqual({ ok: true });
    expect(document.querySelector<HTMLInputElement>('#late')!.value).toBe('ACC-42');
  });

  it('gives up after the timeout with the selector in the error', async () => {
    vi.useFakeTimers();
    const pending = prefillLookup(document, { selector: '#missing', value: 'x', submit: false }, { timeoutMs: 10_000 });
    await vi.advanceTimersByTimeAsync(10_000);
    await expect(pending).resolves.toEqual({ ok: false, error: 'no element matches #missing' });
  });

  it('refuses elements that are not text fields', async () => {
    document.body.innerHTML = '<input id="c" type="checkbox"><div id="d"></div><input id="r" readonly>';
    await expect(prefillLookup(document, { selector: '#c', value: 'x', submit: false })).resolves.toEqual({ ok: false, error: 'element is not a text field' });
    await expect(prefillLookup(document, { selector: '#d', value: 'x', submit: false })).resolves.toEqual({ ok: false, error: 'element is not a text field' });
    await expect(prefillLookup(document, { selector: '#r', value: 'x', submit: false })).resolves.toMatchObject({ ok: false });
  });

  it('reports an invalid selector instead of throwing', async () => {
    await expect(prefillLookup(document, { selector: '##', value: 'x', submit: false }, { timeoutMs: 0 })).resolves.toEqual({
      ok: false,
      error: 'invalid selector ##',
    });
  });
});
