/**
 * Which web pages the extension may touch: only the CRM's. Its origins come from the record and
 * search URL templates; the store build asks for them at run time (optional host permissions), a
 * managed deployment can grant them at build time (TELEFORGE_CRM_ORIGINS, read by wxt.config.ts).
 *
 * Pure on purpose: wxt.config.ts imports this module in Node at build time, and the popup and
 * worker pass in the real permissions API.
 */
import { crmOrigins, originMatchPattern } from '../settings/derived';
import type { Settings } from '../settings/schema';

/** The part of `browser.permissions` used here (same shape in Chrome and Firefox). */
export interface PermissionsApi {
  request(permissions: { origins: string[] }): Promise<boolean>;
  contains(permissions: { origins: string[] }): Promise<boolean>;
}

export type CrmTemplates = Pick<Settings, 'recordUrlTemplate' | 'searchUrlTemplate'>;

export interface CrmOrigin {
  /** 'https://crm.example.com:8443', as the agent wrote it in the template. */
  origin: string;
  /** 'https://crm.example.com/*': what the permission and the content script use (no port, see originMatchPattern). */
  pattern: string;
}

export function crmOriginsWithPatterns(settings: CrmTemplates): CrmOrigin[] {
  return crmOrigins(settings).map((origin) => ({ origin, pattern: originMatchPattern(origin) }));
}

/** Distinct match patterns (two ports of one host share a pattern). */
export function crmMatchPatterns(settings: CrmTemplates): string[] {
  return [...new Set(crmOriginsWithPatterns(settings).map((o) => o.pattern))];
}

export type CrmAccess = { granted: true } | { granted: false; missing: string[]; error?: string };

/**
 * Asks for the CRM origins. NOT async, and `permissions.request` is its first call: both browsers
 * only show the prompt while the user gesture (the Save click) is still on the stack, so the
 * caller must call this synchronously in its event handler, before any `await`. Origins already
 * granted (the build-time preset, an earlier Save) resolve true without a prompt.
 */
export function requestCrmAccess(permissions: PermissionsApi, settings: CrmTemplates): Promise<CrmAccess> {
  const origins = crmOriginsWithPatterns(settings);
  if (origins.length === 0) return Promise.resolve({ granted: true });
  let asked: Promise<boolean>;
  try {
    asked = permissions.request({ origins: [...new Set(origins.map((o) => o.pattern))] });
  } catch (e) {
    asked = Promise.reject(e);
  }
  return asked.then(
    async (granted): Promise<CrmAccess> => {
      if (granted) return { granted: true };
      return { granted: false, missing: await missingCrmAccess(permissions, settings) };
    },
    async (e: unknown): Promise<CrmAccess> => ({
      granted: false,
      missing: await missingCrmAccess(permissions, settings),
      error: e instanceof Error ? e.message : String(e),
    }),
  );
}

/**
 * The CRM origins the extension may not touch yet. A refused request for several origins grants
 * none of them, but some may have been granted before: ask per origin so the message names only
 * the ones really missing.
 */
export async function missingCrmAccess(permissions: Pick<PermissionsApi, 'contains'>, settings: CrmTemplates): Promise<string[]> {
  const checks = await Promise.all(
    crmOriginsWithPatterns(settings).map(async ({ origin, pattern }) => {
      // An API that throws or rejects cannot confirm access: count the origin as missing.
      const granted = await Promise.resolve()
        .then(() => permissions.contains({ origins: [pattern] }))
        .catch(() => false);
      return granted ? null : origin;
    }),
  );
  return checks.filter((o): o is string => o !== null);
}

/** What the popup says when the agent refused (the phone works regardless). */
export function crmAccessMessage(missing: readonly string[]): string {
  return `Screen-pop needs access to ${missing.join(' and ')}: not granted`;
}

export const PRESET_ENV = 'TELEFORGE_CRM_ORIGINS';

/**
 * The build-time preset for managed deployments: 'https://crm.example.com, http://127.0.0.1:8080'
 * (comma or space separated) -> host permission match patterns. Throws on an entry that is not a
 * bare http(s) origin, so a typo fails the build instead of shipping an extension that silently
 * never pops. Wildcard hosts are refused: the preset grants exactly the CRM, never a family of sites.
 */
export function presetMatchPatterns(value: string | undefined): string[] {
  const entries = (value ?? '').split(/[\s,]+/).filter((e) => e !== '');
  const patterns = entries.map((entry) => {
    const origin = bareOrigin(entry);
    if (origin === null) {
      throw new Error(
        `${PRESET_ENV}: "${entry}" is not a CRM origin. Write scheme, host and optional port only, ` +
          `e.g. https://crm.example.com or http://127.0.0.1:8080, separated by commas or spaces.`,
      );
    }
    return originMatchPattern(origin);
  });
  return [...new Set(patterns)];
}

function bareOrigin(entry: string): string | null {
  if (!/^https?:\/\//i.test(entry) || /[?#*@\\]/.test(entry)) return null;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return null;
  }
  const bare = url.pathname === '/' && url.search === '' && url.hash === '' && url.hostname !== '';
  return bare ? url.origin : null;
}
