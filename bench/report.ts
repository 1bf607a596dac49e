/** The benchmark's printed table and its targets (from issue 5: figures to report, not test). */
import { rounded, type Summary } from './stats';

export interface Row {
  what: string;
  summary: Summary;
}

const f = (v: number) => v.toFixed(1).padStart(7);

export function latencyTable(rows: Row[]): string {
  const head = `${'(ms)'.padEnd(58)}${'n'.padStart(5)}${'p50'.padStart(7)}${'p95'.padStart(7)}${'p99'.padStart(7)}${'max'.padStart(7)}`;
  const lines = rows.map(({ what, summary: s }) => `${what.padEnd(58)}${String(s.n).padStart(5)}${f(s.p50)}${f(s.p95)}${f(s.p99)}${f(s.max)}`);
  return [head, ...lines].join('\n');
}

export interface TargetCheck {
  target: string;
  value: string;
  met: boolean;
}

export function targetTable(checks: TargetCheck[]): string {
  return checks.map((c) => `${c.met ? 'met ' : 'MISS'}  ${c.target.padEnd(52)} ${c.value}`).join('\n');
}

export function jsonSummary(s: Summary): Summary {
  return rounded(s as unknown as Record<string, number>) as unknown as Summary;
}

export const kb = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;

/** The latency rows as a Markdown table (bench/results.md, pasted into the README's Performance section). */
export function markdownTable(rows: Row[]): string {
  const head = '| What (ms) | n | p50 | p95 | p99 | max |\n| --- | ---: | ---: | ---: | ---: | ---: |';
  const f1 = (v: number) => v.toFixed(1);
  return [head, ...rows.map(({ what, summary: s }) => `| ${what} | ${s.n} | ${f1(s.p50)} | ${f1(s.p95)} | ${f1(s.p99)} | ${f1(s.max)} |`)].join('\n');
}
