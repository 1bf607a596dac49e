/**
 * axe-core in the built extension's pages and in the caller panel's CLOSED shadow root, counting
 * the violations of WCAG 2.x A/AA rules by impact. Nothing of axe is in the build: extension
 * pages get it through CDP's Runtime.evaluate (their CSP forbids injected <script>s, DevTools'
 * evaluation is not a page script); the panel gets it in the isolated world closed-root.ts makes,
 * where its host is given a `shadowRoot` getter that returns the closed root. That getter exists
 * in that world only (DOM wrappers are per world): the CRM page still sees `shadowRoot === null`,
 * and axe, running there, walks the panel as if the root were open (also for color-contrast,
 * which asks the root for elementsFromPoint).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'puppeteer-core';
import { cdpOf, closedRootObject, isolatedWorld } from './closed-root';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const OPTIONS = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] }, resultTypes: ['violations'] };

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

export interface AxeSummary {
  violations: AxeViolation[];
  /** How many elements axe looked at (a run over nothing proves nothing). */
  checked: number;
}

/** serious + critical: what the "0 serious violations" counts. */
export function seriousOf(summary: AxeSummary): AxeViolation[] {
  return summary.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

const SUMMARISE = `(results) => ({
  violations: results.violations.map((v) => ({ id: v.id, impact: v.impact ?? null, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) })),
  checked: results.passes.reduce((n, r) => n + r.nodes.length, 0) + results.violations.reduce((n, r) => n + r.nodes.length, 0),
})`;

/** axe over a whole (extension) page. */
export async function axePage(page: Page): Promise<AxeSummary> {
  await page.evaluate(AXE_SOURCE);
  // passes are kept (not only violations) so `checked` can be counted.
  return page.evaluate(`axe.run(document, ${JSON.stringify({ ...OPTIONS, resultTypes: undefined })}).then(${SUMMARISE})`) as Promise<AxeSummary>;
}

/** axe over the caller panel inside its closed shadow root (host `hostSelector`). */
export async function axeClosedRoot(page: Page, hostSelector: string): Promise<AxeSummary> {
  const cdp = await cdpOf(page);
  const contextId = await isolatedWorld(page, 'teleforge-e2e-axe');
  await cdp.send('Runtime.evaluate', { expression: AXE_SOURCE, contextId });
  const rootId = await closedRootObject(cdp, contextId, hostSelector);
  if (rootId === null) throw new Error(`no shadow root at ${hostSelector}`);
  try {
    const reply = await cdp.send('Runtime.callFunctionOn', {
      objectId: rootId,
      functionDeclaration: `function (options) {
        const root = this;
        Object.defineProperty(root.host, 'shadowRoot', { configurable: true, get: () => root });
        return axe.run(root.host, options).then(${SUMMARISE});
      }`,
      arguments: [{ value: { ...OPTIONS, resultTypes: undefined } }],
      returnByValue: true,
      awaitPromise: true,
    });
    if (reply.exceptionDetails) throw new Error(`axe failed in the panel: ${reply.exceptionDetails.exception?.description ?? reply.exceptionDetails.text}`);
    return reply.result.value as AxeSummary;
  } finally {
    await cdp.send('Runtime.releaseObject', { objectId: rootId }).catch(() => {});
  }
}
