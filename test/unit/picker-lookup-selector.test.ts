// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { checkCssSelector } from '../../lib/settings/css-selector';
import { cssEscape, cssString } from '../../lib/picker/css-escape';
import { looksGenerated, robustSelector } from '../../lib/picker/lookup-selector';
import { pickableField } from '../../lib/picker/pickable-field';

afterEach(() => {
  document.body.innerHTML = '';
});

/** Renders `html` into the body and returns the element marked data-pick (the attribute is removed first). */
function pick(html: string): Element {
  document.body.innerHTML = html;
  const el = document.querySelector('[data-pick]');
  if (!el) throw new Error('no [data-pick] element');
  el.removeAttribute('data-pick');
  return el;
}

/** The generated selector, checked to find exactly `el` and to pass the settings' rule. */
function selectorFor(el: Element) {
  const result = robustSelector(el);
  if (!result.ok) throw new Error(result.error);
  expect(checkCssSelector(result.selector)).toBeNull();
  const matches = document.querySelectorAll(result.selector);
  expect(matches.length).toBe(1);
  expect(matches[0]).toBe(el);
  return result;
}

describe('robustSelector: the preference order', () => {
  it('1. a stable unique id', () => {
    const el = pick('<form id="search"><input data-pick id="crm-lookup" name="q" aria-label="Find contact" data-testid="lookup"></form>');
    expect(selectorFor(el)).toEqual({ ok: true, selector: '#crm-lookup', kind: 'id' });
  });

  it('2. name when the id is generated', () => {
    const el = pick('<input data-pick id="ember1234" name="q" aria-label="Find contact"><input name="other">');
    expect(selectorFor(el)).toEqual({ ok: true, selector: 'input[name="q"]', kind: 'name' });
  });

  it('2. name when the id is not unique (a broken page with two equal ids)', () => {
    const el = pick('<input data-pick id="dup" name="q"><input id="dup" name="x">');
    expect(selectorFor(el)).toMatchObject({ selector: 'input[name="q"]', kind: 'name' });
  });

  it('3. aria-label when the name is shared', () => {
    const el = pick('<input data-pick name="q" aria-label="Find contact"><input name="q" aria-label="Find case">');
    expect(selectorFor(el)).toEqual({ ok: true, selector: 'input[aria-label="Find contact"]', kind: 'aria-label' });
  });

  it('4. a test hook (data-testid) before other data-* attributes', () => {
    const el = pick('<input data-pick data-role="search" data-testid="global-search" name="q"><input name="q" data-role="search">');
    expect(selectorFor(el)).toEqual({ ok: true, selector: 'input[data-testid="global-search"]', kind: 'data' });
  });

  it('4. any other data-* attribute when there is no test hook', () => {
    const el = pick('<input data-pick data-field="lookup" name="q"><input name="q">');
    expect(selectorFor(el)).toEqual({ ok: true, selector: 'input[data-field="lookup"]', kind: 'data' });
  });

  it('5. anchored under the nearest ancestor with a stable id when nothing on the field is unique', () => {
    const el = pick('<div id="header"><input data-pick name="q"></div><div id="sidebar"><input name="q"></div>');
    expect(selectorFor(el)).toEqual({ ok: true, selector: '#header input[name="q"]', kind: 'anchored' });
  });

  it('5. the bare tag under the anchor when the field has no usable attribute', () => {
    const el = pick('<div id="header"><input data-pick></div><div><input></div>');
    expect(selectorFor(el)).toEqual({ ok: true, selector: '#header input', kind: 'anchored' });
  });

  it('6. a structural path from the anchor', () => {
    const el = pick('<div id="top"><span><input></span><span><input data-pick></span></div>');
    expect(selectorFor(el)).toEqual({ ok: true, selector: '#top > span:nth-of-type(2) > input', kind: 'path' });
  });

  it('6. a structural path from html when no ancestor has an id', () => {
    const el = pick('<main><section><input><input data-pick></section></main>');
    expect(selectorFor(el)).toEqual({ ok: true, selector: 'html > body > main > section > input:nth-of-type(2)', kind: 'path' });
  });

  it('skips generated values at every level', () => {
    const el = pick('<div id=":r5:"><input data-pick id="input-17" name="f_8a3b9c2d1e" data-reactid="123456"></div><input>');
    const result = selectorFor(el);
    expect(result.kind).toBe('path');
    expect(result.selector).not.toContain('input-17');
  });
});

describe('robustSelector: odd ids are escaped (CSS.escape rules)', () => {
  // The serialisation, checked against the spec's examples and the engine's own CSS.escape.
  it.each([
    ['1abc', '\\31 abc'],
    ['a:b', 'a\\:b'],
    ['a.b', 'a\\.b'],
    ['x y', 'x\\ y'],
    ['-1x', '-\\31 x'],
    ['-', '\\-'],
    ['a"b', 'a\\"b'],
    ['[id]', '\\[id\\]'],
    ['kontakt-süche', 'kontakt-süche'],
    ['a\\b', 'a\\\\b'],
    ['a\u0001b', 'a\\1 b'],
    ['a\u0000', 'a\uFFFD'],
  ])('cssEscape(%j) is %s', (id, expected) => {
    expect(cssEscape(id)).toBe(expected);
    const native = (globalThis as { CSS?: { escape?: (v: string) => string } }).CSS?.escape;
    if (native) expect(cssEscape(id)).toBe(native(id));
  });

  // happy-dom's selector engine reads these escapes back (it does not read \31 or an escaped
  // quote or space: for those the generator falls back to a path, since it only returns what
  // the engine confirmed; browsers read them, as the CSS Syntax spec says).
  it.each([
    ['a:b', '#a\\:b'],
    ['a.b', '#a\\.b'],
    ['[id]', '#\\[id\\]'],
    ['kontakt-süche', '#kontakt-süche'],
  ])('id %j -> %s', (id, expected) => {
    document.body.innerHTML = '<input><input>';
    const el = document.querySelector('input')!;
    el.setAttribute('id', id);
    expect(selectorFor(el)).toEqual({ ok: true, selector: expected, kind: 'id' });
  });

  it('quotes attribute values: " and \\ escaped, control characters as hex', () => {
    expect(cssString('Find "contact" \\ here\n')).toBe('"Find \\"contact\\" \\\\ here\\a "');
    document.body.innerHTML = '<input><input>';
    const el = document.querySelector('input')!;
    el.setAttribute('aria-label', 'Kontakt suchen: Name, Telefon');
    expect(selectorFor(el)).toEqual({ ok: true, kind: 'aria-label', selector: 'input[aria-label="Kontakt suchen: Name, Telefon"]' });
  });

  it('never returns a selector the engine did not confirm, whatever the id', () => {
    for (const id of ['1abc', 'x y', 'a"b', 'a\\b', '-1x']) {
      document.body.innerHTML = '<input><input>';
      const el = document.querySelector('input')!;
      el.setAttribute('id', id);
      selectorFor(el);
    }
  });
});

describe('robustSelector: uniqueness and reach', () => {
  it('never returns a selector that matches another element too', () => {
    const el = pick('<input data-pick name="q"><input name="q"><input name="q">');
    const result = selectorFor(el);
    expect(result.kind).toBe('path');
  });

  it('refuses a field inside a shadow root (a document selector cannot reach it)', () => {
    document.body.innerHTML = '<div id="host"></div>';
    const root = document.querySelector('#host')!.attachShadow({ mode: 'open' });
    root.innerHTML = '<input id="inner">';
    expect(robustSelector(root.querySelector('input')!)).toEqual({ ok: false, error: expect.stringContaining('shadow root') });
  });
});

describe('looksGenerated', () => {
  it.each(['ember1234', ':r1:', 'input-17', 'a1b2c3d4e5f6', 'f_8a3b9c2d1e', 'react-select-3-input', 'mui-42', 'uid-7', ' padded', 'x'.repeat(101), ''])(
    '%j looks generated',
    (v) => expect(looksGenerated(v)).toBe(true),
  );
  it.each(['crm-lookup', 'q', 'search', 'globalSearch', 'contact_search', 'phone2', 'Find contact', 'lookup-box', 'deadbeef'])('%j looks stable', (v) =>
    expect(looksGenerated(v)).toBe(false),
  );
});

describe('pickableField', () => {
  it('takes text inputs, textareas, contenteditable and the control of a clicked label', () => {
    document.body.innerHTML =
      '<input id="a" type="search"><textarea id="b"></textarea><div id="c" contenteditable="true"><span id="d">x</span></div><label id="e" for="a">Find</label>';
    const ok = (id: string) => pickableField(document.getElementById(id)!);
    expect(ok('a')).toMatchObject({ ok: true, field: document.getElementById('a') });
    expect(ok('b')).toMatchObject({ ok: true });
    expect(ok('d')).toMatchObject({ ok: true, field: document.getElementById('c') });
    expect(ok('e')).toMatchObject({ ok: true, field: document.getElementById('a') });
  });

  it('refuses buttons, checkboxes, read-only and disabled fields', () => {
    document.body.innerHTML = '<button id="a">Go</button><input id="b" type="checkbox"><input id="c" readonly><input id="d" disabled>';
    for (const id of ['a', 'b', 'c', 'd']) expect(pickableField(document.getElementById(id)!).ok, id).toBe(false);
  });
});
