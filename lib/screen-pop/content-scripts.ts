/**
 * The caller-panel content script runs on the CRM's pages only, and those are known at run time
 * (from the settings), so the worker registers it with `scripting.registerContentScripts` for the
 * CRM origins the agent granted (or the build-time preset granted), instead of a manifest entry:
 *
 *   start / settings changed / permission added or removed
 *      └─▶ sync: wanted = CRM origins that are granted
 *            ├─ none ──────────▶ unregister 'crm-panel'
 *            ├─ registered ────▶ update its matches (nothing when they are the same)
 *            └─ not registered ─▶ register
 *          then inject into open tabs on newly covered origins (a registration only
 *          reaches pages loaded after it)
 *
 * Runs are serialised: a change arriving mid-run queues exactly one more run.
 */
import { browser, type Browser } from 'wxt/browser';
import type { ScriptPublicPath } from 'wxt/utils/inject-script';
import type { Logger } from '../phone/types';
import { crmOriginsWithPatterns, type CrmOrigin, type CrmTemplates, type PermissionsApi } from './crm-permissions';
import { webOrigin } from './crm-tabs';

export const CRM_SCRIPT_ID = 'crm-panel';
/** Where WXT writes entrypoints/crm-panel/ (an unlisted script) in the build. */
export const CRM_SCRIPT_FILE = 'crm-panel.js';
// Compile-time: the build has that file (WXT generates the list of its public paths).
const crmScriptIsBuilt: ScriptPublicPath = `/${CRM_SCRIPT_FILE}`;
void crmScriptIsBuilt;

/** A script registered for the granted CRM origins: its registration id and built file. */
export interface CrmScript {
  id: string;
  file: string;
}
export const CRM_PANEL_SCRIPT: CrmScript = { id: CRM_SCRIPT_ID, file: CRM_SCRIPT_FILE };
/**
 * Click-to-dial (entrypoints/click-to-dial/): the same origins, the same way, in a script of its
 * own so the caller panel's script, on the screen-pop hot path, stays small.
 */
const CLICK_TO_DIAL_FILE = 'click-to-dial.js';
export const CLICK_TO_DIAL_SCRIPT: CrmScript = { id: 'click-to-dial', file: CLICK_TO_DIAL_FILE };
const clickToDialIsBuilt: ScriptPublicPath = `/${CLICK_TO_DIAL_FILE}`;
void clickToDialIsBuilt;

export interface ContentScriptRegistration {
  id: string;
  js?: string[];
  matches?: string[];
  runAt?: 'document_start' | 'document_end' | 'document_idle';
  persistAcrossSessions?: boolean;
}

/** The parts of `browser.scripting` used (Chrome MV3; Firefox 102+ also in MV2). */
export interface ScriptingApi {
  getRegisteredContentScripts(filter?: { ids?: string[] }): Promise<ContentScriptRegistration[]>;
  registerContentScripts(scripts: ContentScriptRegistration[]): Promise<unknown>;
  updateContentScripts(scripts: ContentScriptRegistration[]): Promise<unknown>;
  unregisterContentScripts(filter?: { ids?: string[] }): Promise<unknown>;
  executeScript(injection: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

export interface TabsApi {
  /** Called with {} only: Firefox refuses a `url` filter without the "tabs" permission. */
  query(queryInfo: Record<string, never>): Promise<{ id?: number; url?: string }[]>;
}

export interface PermissionEvents {
  onAdded: { addListener(cb: () => void): void; removeListener(cb: () => void): void };
  onRemoved: { addListener(cb: () => void): void; removeListener(cb: () => void): void };
}

export interface ContentScriptDeps {
  scripting: ScriptingApi;
  permissions: Pick<PermissionsApi, 'contains'>;
  tabs: TabsApi;
  /** lib/settings loadSettings fits. */
  loadSettings: () => Promise<{ settings: CrmTemplates }>;
  logger: Logger;
  /** Which script this sync registers; default the caller panel. */
  script?: CrmScript;
}

export interface SyncOptions {
  /**
   * Inject into every open tab on the wanted origins, not only newly covered ones: after an
   * install or update the scripts already in those tabs belong to the old extension and are dead.
   * The content script guards against running twice in one page itself.
   */
  injectAll?: boolean;
}

export interface SyncResult {
  matches: string[];
  injectedTabIds: number[];
}

/** One sync round (see the file comment). Idempotent: a second run with nothing changed calls no mutating API. */
export async function syncContentScripts(deps: ContentScriptDeps, options: SyncOptions = {}): Promise<SyncResult> {
  const { scripting, logger } = deps;
  const { id, file } = deps.script ?? CRM_PANEL_SCRIPT;
  const { wanted, origins } = await grantedPatterns(deps);
  const [existing] = await scripting.getRegisteredContentScripts({ ids: [id] });

  if (wanted.length === 0) {
    if (existing) await scripting.unregisterContentScripts({ ids: [id] });
    return { matches: [], injectedTabIds: [] };
  }

  const script: ContentScriptRegistration = {
    id,
    js: [file],
    matches: wanted,
    runAt: 'document_idle',
    // Both browsers keep it over a browser restart (Firefox since 105), so pages restored at
    // start-up get the panel before this worker has run.
    persistAcrossSessions: true,
  };
  if (!existing) {
    await scripting.registerContentScripts([script]);
  } else if (!sameScript(existing, script)) {
    await scripting.updateContentScripts([script]);
  }

  const before = new Set(existing?.matches ?? []);
  const inject = options.injectAll ? wanted : wanted.filter((p) => !before.has(p));
  // Into tabs on the exact CRM origins only: a pattern covers every port of its host.
  const injectOrigins = origins.filter((o) => inject.includes(o.pattern)).map((o) => o.origin);
  const injectedTabIds = injectOrigins.length === 0 ? [] : await injectIntoOpenTabs(deps, injectOrigins, file);
  logger.debug('content script synced', { id, matches: wanted, injectedTabIds });
  return { matches: wanted, injectedTabIds };
}

async function grantedPatterns(deps: ContentScriptDeps): Promise<{ wanted: string[]; origins: CrmOrigin[] }> {
  const { settings } = await deps.loadSettings();
  const origins = crmOriginsWithPatterns(settings);
  const patterns = [...new Set(origins.map((o) => o.pattern))];
  const granted = await Promise.all(
    patterns.map((pattern) =>
      Promise.resolve()
        .then(() => deps.permissions.contains({ origins: [pattern] }))
        .catch((e: unknown) => {
          deps.logger.warn('could not check the permission for', pattern, e);
          return false;
        }),
    ),
  );
  return { wanted: patterns.filter((_, i) => granted[i]).sort(), origins };
}

function sameScript(a: ContentScriptRegistration, b: ContentScriptRegistration): boolean {
  const same = (x: readonly string[] = [], y: readonly string[] = []) => [...x].sort().join('\n') === [...y].sort().join('\n');
  return same(a.matches, b.matches) && same(a.js, b.js) && (a.runAt ?? 'document_idle') === b.runAt;
}

/**
 * Tabs whose page is on one of the exact `origins` (scheme, host and port); each injection may
 * fail alone (tab closed, error page).
 */
async function injectIntoOpenTabs(deps: ContentScriptDeps, origins: readonly string[], file: string): Promise<number[]> {
  const tabs = await deps.tabs.query({});
  const targets = tabs.filter((tab): tab is { id: number; url: string } => {
    const origin = webOrigin(tab.url);
    return tab.id !== undefined && origin !== null && origins.includes(origin);
  });
  const done = await Promise.all(
    targets.map((tab) =>
      deps.scripting.executeScript({ target: { tabId: tab.id }, files: [file] }).then(
        () => tab.id,
        (e: unknown) => {
          deps.logger.debug('could not inject into tab', tab.id, e);
          return null;
        },
      ),
    ),
  );
  return done.filter((id): id is number => id !== null);
}

/**
 * Runs `run` one at a time. A request while a run is in progress queues one more run (later
 * requests join it), so the last settings and permissions always get a run of their own.
 */
export function serialised<R>(run: (options: SyncOptions) => Promise<R>): (options?: SyncOptions) => Promise<R> {
  let current: Promise<R> | null = null;
  let queued: Promise<R> | null = null;
  let queuedOptions: SyncOptions = {};
  const start = (options: SyncOptions): Promise<R> => {
    const p = run(options).finally(() => {
      if (current === p) current = null;
    });
    current = p;
    return p;
  };
  return (options = {}) => {
    if (!current && !queued) return start(options);
    // Requests that join the queued run ask together: one wanting every tab injected wins.
    queuedOptions = { injectAll: Boolean(queuedOptions.injectAll || options.injectAll) };
    queued ??= (current ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        const opts = queuedOptions;
        queued = null;
        queuedOptions = {};
        return start(opts);
      });
    return queued;
  };
}

export interface ContentScriptSyncDeps extends ContentScriptDeps {
  permissionEvents: PermissionEvents;
  /** lib/settings watchSettings fits. */
  watchSettings: (cb: (result: { settings: CrmTemplates }) => void) => () => void;
  /** runtime.onInstalled: after an install or update, re-inject into every open CRM tab. */
  onInstalled?: {
    addListener(cb: (details: { reason: string }) => void): void;
    removeListener(cb: (details: { reason: string }) => void): void;
  };
}

export interface ContentScriptSync {
  /** The first run (for tests; the worker does not wait). */
  started: Promise<SyncResult | void>;
  sync(options?: SyncOptions): Promise<SyncResult>;
  stop(): void;
}

/**
 * Keeps the registration in step with settings and permissions. Call synchronously when the
 * worker starts: Chrome wakes a stopped worker for permissions.onAdded/onRemoved and
 * runtime.onInstalled only if their listeners were added in its first turn.
 */
export function startContentScriptSync(deps: ContentScriptSyncDeps): ContentScriptSync {
  const sync = serialised((options: SyncOptions) => syncContentScripts(deps, options));
  const run = (options?: SyncOptions) =>
    sync(options).catch((e: unknown) => {
      deps.logger.error('could not register the CRM content script', e);
    });
  const onPermissions = () => void run();
  const onInstalled = ({ reason }: { reason: string }) => {
    if (reason === 'install' || reason === 'update') void run({ injectAll: true });
  };
  deps.permissionEvents.onAdded.addListener(onPermissions);
  deps.permissionEvents.onRemoved.addListener(onPermissions);
  deps.onInstalled?.addListener(onInstalled);
  const unwatch = deps.watchSettings(() => void run());
  return {
    started: run(),
    sync,
    stop() {
      deps.permissionEvents.onAdded.removeListener(onPermissions);
      deps.permissionEvents.onRemoved.removeListener(onPermissions);
      deps.onInstalled?.removeListener(onInstalled);
      unwatch();
    },
  };
}

type Registered = Browser.scripting.RegisteredContentScript;

/** The real APIs (worker / Firefox background page), for startContentScriptSync. */
export function browserContentScriptApis(): Pick<ContentScriptSyncDeps, 'scripting' | 'permissions' | 'tabs' | 'permissionEvents' | 'onInstalled'> {
  return {
    scripting: {
      getRegisteredContentScripts: (filter) => browser.scripting.getRegisteredContentScripts(filter),
      // Our narrower shape is a valid RegisteredContentScript; the cast only bridges the enum-typed runAt.
      registerContentScripts: (scripts) => browser.scripting.registerContentScripts(scripts as Registered[]),
      updateContentScripts: (scripts) => browser.scripting.updateContentScripts(scripts as Registered[]),
      unregisterContentScripts: (filter) => browser.scripting.unregisterContentScripts(filter),
      // WXT types `files` as the build's known paths; the content script's appears once its entrypoint is built.
      executeScript: ({ target, files }) => browser.scripting.executeScript({ target, files: files as ScriptPublicPath[] }),
    },
    permissions: browser.permissions,
    tabs: { query: (queryInfo) => browser.tabs.query(queryInfo) },
    permissionEvents: browser.permissions,
    onInstalled: browser.runtime.onInstalled,
  };
}
