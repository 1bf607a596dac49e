import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { checkCssSelector, validateSettings } from '../../lib/settings';

// Runs under Node: no DOM, so this is the conservative structural check alone.
beforeEach(() => fakeBrowser.reset());

const good = ['', '#phone', 'input[name="q"]', "input[name='a,b]']", 'form.search > input:first-of-type',
  ':is(#a, .b) input', '[data-x="{}"]', '#a\\:b', 'input#q, textarea.q', 'div + span ~ p', 'таблица'];
const bad = ['input[name="q"', 'a)', 'a{color:red}', 'a;b', 'a,,b', ',a', 'a >', '> a', 'a, ', '!!', 'a@b', '"a"b"', 'a\nb'];

describe('checkCssSelector without a DOM', () => {
  it('confirms no DOM is present here', () => {
    expect(typeof (globalThis as { document?: unknown }).document).toBe('undefined');
  });

  it.each(good)('accepts %j', (selector) => {
    expect(checkCssSelector(selector)).toBeNull();
  });

  it.each(bad)('refuses %j', (selector) => {
    expect(checkCssSelector(selector)).not.toBeNull();
  });

  it('refuses very long selectors', () => {
    expect(checkCssSelector('a'.repeat(513))).toMatch(/too long/);
  });
});

describe('lookupSelector and lookupSubmit in settings', () => {
  it('keeps a valid selector and reports an invalid one', () => {
    expect(validateSettings({ lookupSelector: ' #q ', lookupSubmit: true })).toEqual({
      settings: expect.objectContaining({ lookupSelector: '#q', lookupSubmit: true }),
      errors: [],
    });
    const { settings, errors } = validateSettings({ lookupSelector: 'input[name=' });
    expect(settings.lookupSelector).toBe('');
    expect(errors).toEqual([{ field: 'lookupSelector', message: expect.stringMatching(/not a valid CSS selector/) }]);
  });
});
