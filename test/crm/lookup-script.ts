/**
 * The lookup box of the fixture CRM as a React-style controlled input, in plain page script.
 *
 * React keeps a "value tracker" on each input: it redefines `value` on the element instance so an
 * assignment from script (`input.value = x`) is recorded as the known value, and on an `input`
 * event it compares the element's real value (read with the prototype's native getter) with the
 * tracked one. Equal means "nothing changed" and onChange never fires. So a script that assigns
 * and dispatches `input` is ignored; one that uses the native setter (or a user typing) is seen.
 *
 * The page's state is shown in #lookup-state and exposed as window.__lookupState for tests.
 * Note: a content script runs in an isolated world where this instance property is not visible;
 * its assignment then behaves like the native setter, so there the event is what matters.
 */
export const LOOKUP_SCRIPT = `
(() => {
  const input = document.getElementById('crm-lookup');
  const shown = document.getElementById('lookup-state');
  if (!input || !shown) return;
  const native = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value');
  let tracked = native.get.call(input);
  Object.defineProperty(input, 'value', {
    configurable: true,
    get() { return native.get.call(this); },
    set(v) { tracked = String(v); native.set.call(this, v); },
  });
  let state = '';
  const render = () => {
    shown.textContent = state;
    window.__lookupState = state;
  };
  const onChange = () => {
    const actual = native.get.call(input);
    if (actual === tracked) return; // React: no change seen, no onChange
    tracked = actual;
    state = actual;
    render();
  };
  input.addEventListener('input', onChange);
  input.addEventListener('change', onChange);
  render();
})();
`;
