// @vitest-environment happy-dom
/**
 * The fixture CRM (test/crm) that the screen-pop e2e tests, the demo and the benchmark rely on:
 * its pages, its escaping of hostile values, its request log, and the React-style lookup box.
 */
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCrm, type CrmServer } from '../crm/crm-server';
import { escapeHtml, homePage } from '../crm/crm-pages';
import { LOOKUP_SCRIPT } from '../crm/lookup-script';

let crm: CrmServer;

beforeAll(async () => {
  crm = await startCrm();
});

afterAll(async () => {
  await crm.close();
});

/** node:http, not fetch: under happy-dom, fetch is the fake window's and applies CORS. */
function get(path: string): Promise<{ status: number; html: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port: crm.port, path, agent: false }, (res) => {
        let html = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (html += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, html }));
      })
      .on('error', reject);
  });
}

const HOSTILE = '"><script>alert(1)</script><img src=x onerror=alert(1)>\'&';

describe('fixture CRM pages', () => {
  it('every page carries the contact lookup form', async () => {
    for (const path of ['/', '/contacts/ACC-5567', '/search?q=0770', '/heavy', '/nowhere']) {
      const { html } = await get(path);
      expect(html, path).toContain('<form action="/search" method="get" role="search">');
      expect(html, path).toContain('<input id="crm-lookup" name="q" aria-label="Find contact"');
      expect(html, path).toContain('<output id="lookup-state"');
    }
  });

  it('a record page shows the decoded ref as text', async () => {
    const { status, html } = await get(`/contacts/${encodeURIComponent('ACC 55/67&ü')}`);
    expect(status).toBe(200);
    expect(html).toContain('id="record-ref" data-testid="record-ref">ACC 55/67&amp;ü</span>');
    expect((await get('/contacts/ACC-5567')).html).toContain('<h1 id="record-title">Jane Whitfield</h1>');
  });

  it('escapes a hostile ref and query wherever it echoes them', async () => {
    for (const path of [`/contacts/${encodeURIComponent(HOSTILE)}`, `/search?q=${encodeURIComponent(HOSTILE)}`, `/${encodeURIComponent(HOSTILE)}`]) {
      const { html } = await get(path);
      expect(html, path).toContain(escapeHtml(HOSTILE));
      expect(html, path).not.toContain('<script>alert(1)');
      expect(html, path).not.toContain('<img src=x');
      expect(html.match(/<script>/g), path).toHaveLength(1); // the page's own lookup script only
    }
  });

  it('search finds contacts by number', async () => {
    expect((await get('/search?q=07700900123')).html).toContain('Jane Whitfield');
    expect((await get('/search?q=nobody')).html).toContain('No contact matches');
  });

  it('the heavy page has about 5,000 elements and a busy script', async () => {
    const { html } = await get('/heavy');
    const elements = html.match(/<(tr|td)[\s>]/g)?.length ?? 0;
    expect(elements).toBeGreaterThanOrEqual(5_000);
    expect(html).toContain('setInterval(');
  });

  it('escapeHtml covers the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('fixture CRM request log', () => {
  it('records method, raw and decoded URL and a timestamp, and waits for a request', async () => {
    crm.clearRequests();
    const waiting = crm.waitForRequest((r) => r.path.startsWith('/contacts/'), 2_000);
    const before = performance.now();
    await get('/contacts/A%20B%2FC?x=%3F');
    const hit = await waiting;
    expect(hit).toMatchObject({ method: 'GET', path: '/contacts/A%20B%2FC', rawUrl: '/contacts/A%20B%2FC?x=%3F', url: '/contacts/A B/C?x=?' });
    expect(hit.at).toBeGreaterThanOrEqual(before);
    expect(crm.requests()).toHaveLength(1);
    // An earlier request matches at once; a malformed escape is kept as sent.
    await get('/contacts/%E0%A4%A');
    expect((await crm.waitForRequest((r) => r.rawUrl.includes('%A4'), 100)).url).toBe('/contacts/%E0%A4%A');
  });

  it('rejects with the requests it saw when nothing matches in time', async () => {
    await expect(crm.waitForRequest((r) => r.path === '/never', 50)).rejects.toThrow(/No matching CRM request within 50 ms; requests seen: GET /);
  });
});

describe('the React-style lookup box', () => {
  function mount(): { input: HTMLInputElement; state: () => string } {
    document.body.innerHTML = '<input id="crm-lookup"><output id="lookup-state"></output>';
    new Function(LOOKUP_SCRIPT)();
    return { input: document.querySelector('#crm-lookup')!, state: () => document.querySelector('#lookup-state')!.textContent ?? '' };
  }
  const nativeSet = (input: HTMLInputElement, value: string) => Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')!.set!.call(input, value);

  it('ignores an assignment, even followed by an input event', () => {
    const { input, state } = mount();
    input.value = 'ACC-1';
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(input.value).toBe('ACC-1');
    expect(state()).toBe('');
  });

  it('ignores the native setter without an event', () => {
    const { input, state } = mount();
    nativeSet(input, 'ACC-2');
    expect(state()).toBe('');
  });

  it('sees the native setter followed by an input or change event', () => {
    const { input, state } = mount();
    nativeSet(input, 'ACC-3');
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(state()).toBe('ACC-3');
    nativeSet(input, '07700900123');
    input.dispatchEvent(new Event('change', { bubbles: true }));
    expect(state()).toBe('07700900123');
  });

  it('the home page script is the lookup script', () => {
    expect(homePage()).toContain(LOOKUP_SCRIPT);
  });
});
