/**
 * The fixture CRM's pages as HTML strings. Every value that came from a request goes through
 * escapeHtml() and only into element text or a quoted attribute; the inline scripts are constants.
 */
import { LOOKUP_SCRIPT } from './lookup-script';

export interface Contact {
  ref: string;
  name: string;
  phone: string;
  company: string;
  owner: string;
  status: 'Customer' | 'Prospect' | 'On hold';
}

/** The contact in test/pbx/platforma-headers.ts (ACC-5567, 07700900123) comes first. */
export const CONTACTS: readonly Contact[] = [
  { ref: 'ACC-5567', name: 'Jane Whitfield', phone: '07700900123', company: 'Whitfield Joinery Ltd', owner: 'Sam Okafor', status: 'Customer' },
  { ref: 'ACC-1024', name: 'Omar Haddad', phone: '07700900456', company: 'Haddad & Sons', owner: 'Lena Berg', status: 'Prospect' },
  { ref: 'ACC-2048', name: 'Priya Natarajan', phone: '07700900789', company: 'Brightwater Dental', owner: 'Sam Okafor', status: 'Customer' },
  { ref: 'ACC-3310', name: 'Tomasz Nowak', phone: '07700900321', company: 'Nowak Logistics', owner: 'Lena Berg', status: 'On hold' },
];

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** For element text and double-quoted attribute values. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
  * { box-sizing: border-box; }
  body { margin: 0; font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; background: #f3f5f8; }
  header.top { display: flex; align-items: center; gap: 24px; padding: 0 20px; height: 56px; background: #1d3557; color: #fff; }
  header.top .brand { font-weight: 700; font-size: 17px; letter-spacing: .2px; }
  header.top .brand span { color: #a8dadc; }
  header.top form { display: flex; gap: 6px; margin-left: auto; }
  header.top input { width: 240px; padding: 7px 10px; border: 0; border-radius: 6px; font: inherit; }
  header.top button { padding: 7px 14px; border: 0; border-radius: 6px; background: #e63946; color: #fff; font: inherit; font-weight: 600; cursor: pointer; }
  header.top .agent { font-size: 13px; opacity: .85; }
  .lookup-state { padding: 4px 20px; font-size: 12px; color: #52606d; background: #e4e7eb; }
  .layout { display: flex; min-height: calc(100vh - 56px); }
  nav.side { width: 190px; padding: 16px 0; background: #fff; border-right: 1px solid #d9dee4; }
  nav.side a { display: block; padding: 8px 20px; color: #334e68; text-decoration: none; }
  nav.side a.current { background: #e8f0fb; color: #1d3557; font-weight: 600; border-left: 3px solid #1d3557; padding-left: 17px; }
  main { flex: 1; padding: 20px 24px; min-width: 0; }
  h1 { margin: 0 0 16px; font-size: 22px; }
  .card { background: #fff; border: 1px solid #d9dee4; border-radius: 8px; padding: 16px 18px; margin-bottom: 16px; }
  .card h2 { margin: 0 0 10px; font-size: 15px; color: #52606d; text-transform: uppercase; letter-spacing: .4px; }
  table { width: 100%; border-collapse: collapse; }
  th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid #eef1f4; }
  th { font-size: 12px; color: #7b8794; text-transform: uppercase; }
  dl.record { display: grid; grid-template-columns: 160px 1fr; gap: 6px 12px; margin: 0; }
  dl.record dt { color: #7b8794; }
  dl.record dd { margin: 0; overflow-wrap: anywhere; }
  .ref { font-family: ui-monospace, monospace; background: #eef1f4; padding: 1px 6px; border-radius: 4px; overflow-wrap: anywhere; }
  .badge { display: inline-block; padding: 1px 8px; border-radius: 10px; font-size: 12px; background: #e3f8ee; color: #137a4b; }
  .stats { display: grid; grid-template-columns: repeat(3, 1fr); gap: 16px; }
  .stat b { display: block; font-size: 26px; color: #1d3557; }
  .muted { color: #7b8794; }
`;

function layout(title: string, current: 'dashboard' | 'contacts' | 'search' | 'reports', body: string): string {
  const link = (href: string, key: typeof current, text: string) =>
    `<a href="${href}"${key === current ? ' class="current" aria-current="page"' : ''}>${text}</a>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)} · Northwind CRM</title>
<link rel="icon" href="data:,"><meta name="viewport" content="width=device-width, initial-scale=1">
<style>${STYLE}</style></head>
<body>
<header class="top">
  <div class="brand">Northwind <span>CRM</span></div>
  <form action="/search" method="get" role="search">
    <input id="crm-lookup" name="q" aria-label="Find contact" placeholder="Find contact: name, phone or ref" autocomplete="off">
    <button>Search</button>
  </form>
  <div class="agent">Agent: Sam Okafor</div>
</header>
<div class="lookup-state">Lookup: <output id="lookup-state" aria-live="polite"></output></div>
<div class="layout">
<nav class="side" aria-label="Main">
  ${link('/', 'dashboard', 'Dashboard')}
  ${link('/search?q=', 'contacts', 'Contacts')}
  <a href="/">Cases</a>
  ${link('/', 'reports', 'Reports')}
</nav>
<main>${body}</main>
</div>
<script>${LOOKUP_SCRIPT}</script>
</body></html>`;
}

function contactRows(contacts: readonly Contact[]): string {
  return contacts
    .map(
      (c) =>
        `<tr><td><a href="/contacts/${encodeURIComponent(c.ref)}">${escapeHtml(c.name)}</a></td><td>${escapeHtml(c.company)}</td>` +
        `<td>${escapeHtml(c.phone)}</td><td><span class="ref">${escapeHtml(c.ref)}</span></td><td><span class="badge">${c.status}</span></td></tr>`,
    )
    .join('\n');
}

function contactTable(contacts: readonly Contact[]): string {
  return `<table><thead><tr><th>Name</th><th>Company</th><th>Phone</th><th>Ref</th><th>Status</th></tr></thead>
<tbody>${contactRows(contacts)}</tbody></table>`;
}

export function homePage(): string {
  return layout(
    'Dashboard',
    'dashboard',
    `<h1>Good morning, Sam</h1>
<div class="stats">
  <div class="card stat"><h2>Open cases</h2><b>18</b><span class="muted">4 due today</span></div>
  <div class="card stat"><h2>Calls today</h2><b>37</b><span class="muted">avg. wait 38 s</span></div>
  <div class="card stat"><h2>Follow-ups</h2><b>6</b><span class="muted">2 overdue</span></div>
</div>
<div class="card"><h2>Recent contacts</h2>${contactTable(CONTACTS)}</div>`,
  );
}

export function contactPage(ref: string): string {
  const contact = CONTACTS.find((c) => c.ref === ref);
  const name = contact?.name ?? 'Unknown contact';
  return layout(
    name,
    'contacts',
    `<h1 id="record-title">${escapeHtml(name)}</h1>
<div class="card"><h2>Contact record</h2>
<dl class="record">
  <dt>Contact ref</dt><dd><span class="ref" id="record-ref" data-testid="record-ref">${escapeHtml(ref)}</span></dd>
  <dt>Company</dt><dd>${escapeHtml(contact?.company ?? '—')}</dd>
  <dt>Phone</dt><dd>${escapeHtml(contact?.phone ?? '—')}</dd>
  <dt>Account owner</dt><dd>${escapeHtml(contact?.owner ?? '—')}</dd>
  <dt>Owner's line</dt><dd><a id="owner-line" href="tel:2001">ext. 2001</a></dd>
  <dt>Head office</dt><dd>020 7946 0958</dd>
  <dt>Status</dt><dd>${contact ? `<span class="badge">${contact.status}</span>` : '<span class="muted">no such record</span>'}</dd>
</dl></div>
<div class="card"><h2>Activity</h2>
<table><tbody>
  <tr><td>12 Nov</td><td>Inbound call, 4 min</td><td class="muted">Order status query</td></tr>
  <tr><td>03 Nov</td><td>Email sent</td><td class="muted">Quote #4471</td></tr>
  <tr><td>28 Oct</td><td>Case opened</td><td class="muted">Delivery damaged</td></tr>
</tbody></table></div>`,
  );
}

export function searchPage(query: string): string {
  const q = query.trim().toLowerCase();
  const hits = q ? CONTACTS.filter((c) => [c.ref, c.name, c.phone, c.company].some((v) => v.toLowerCase().includes(q))) : CONTACTS;
  return layout(
    'Search',
    'search',
    `<h1>Contacts matching <q id="search-query">${escapeHtml(query)}</q></h1>
<div class="card"><h2>${hits.length} result${hits.length === 1 ? '' : 's'}</h2>
${hits.length ? contactTable(hits) : '<p class="muted">No contact matches. Create a new contact from this call?</p>'}</div>`,
  );
}

export function notFoundPage(path: string): string {
  return layout('Not found', 'dashboard', `<h1>Not found</h1><p>No page at <code>${escapeHtml(path)}</code>.</p>`);
}

/** The same shell with ~5,000 elements and a script that keeps the main thread busy (benchmark). */
export function heavyPage(): string {
  const rows = Array.from({ length: 1000 }, (_, i) => {
    const c = CONTACTS[i % CONTACTS.length]!;
    return `<tr><td>${i + 1}</td><td>${escapeHtml(c.name)}</td><td>${escapeHtml(c.phone)}</td><td class="tick">0</td></tr>`;
  }).join('');
  const busy = `
    // A busy CRM: ~6 ms of work every 20 ms, touching the DOM each time.
    const ticks = document.getElementsByClassName('tick');
    let n = 0;
    setInterval(() => {
      const end = performance.now() + 6;
      let x = 0;
      while (performance.now() < end) x += Math.sqrt(n + x);
      ticks[n % ticks.length].textContent = String(++n);
    }, 20);`;
  return layout(
    'Pipeline',
    'reports',
    `<h1>Pipeline report</h1><div class="card"><h2>All contacts</h2>
<table><thead><tr><th>#</th><th>Name</th><th>Phone</th><th>Updates</th></tr></thead><tbody>${rows}</tbody></table></div>
<script>${busy}</script>`,
  );
}
