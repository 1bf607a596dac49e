// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { checkCssSelector } from '../../lib/settings';

// With a DOM (as in the popup) the browser's selector parser has the last word.
beforeEach(() => fakeBrowser.reset());

describe('checkCssSelector with a DOM', () => {
  it('has a DOM here', () => {
    expect(typeof document.createDocumentFragment).toBe('function');
  });

  it.each(['#phone', 'input[name="q"]', ':is(#a, .b) input', 'form > input:first-of-type'])('accepts %j', (selector) => {
    expect(checkCssSelector(selector)).toBeNull();
  });

  // Structurally plausible, so the conservative check passes them; the DOM parser refuses them.
  it.each(['#1a', 'a..b', '[data-x=1 2]'])('refuses %j through the DOM parser', (selector) => {
    expect(checkCssSelector(selector)).toMatch(/not a valid CSS selector/);
  });

  it('does not touch the document', () => {
    document.body.innerHTML = '<input id="q">';
    expect(checkCssSelector('#q')).toBeNull();
    expect(document.body.innerHTML).toBe('<input id="q">');
  });
});
