/**
 * The usual start of a Chrome e2e file: Chromium with the built extension, a test PBX, the popup
 * open in a tab and, unless told otherwise, the agent's settings saved through the popup form
 * until it says 'Registered as 1001'. Callers stay with each file: most use the Node caller, one
 * a WebRTC caller in the browser, and one restarts its caller with the PBX.
 */
import type { Page } from 'puppeteer-core';
import { startPbx, type Pbx } from '../../pbx/kamailio';
import { fillSettingsForm, openExtensionPage, pollUntil, popupStatus } from './extension';
import { CHROME_BUILD, launchChromium, type LaunchedBrowser, type LaunchOptions } from './launch-browser';

export const AGENT = '1001';

export interface AgentSessionOptions {
  /** Save the agent's settings in the popup form and wait until it registers (default true). */
  configure?: boolean;
  /** Runs once Chromium and the PBX are up and before the popup opens. */
  beforePopup?: (chromium: LaunchedBrowser) => Promise<void>;
  /** How to start Chromium (e.g. its language), and which build to load. */
  launch?: LaunchOptions;
  extensionDir?: string;
}

export interface AgentSession {
  pbx: Pbx;
  chromium: LaunchedBrowser;
  popup: Page;
  /** Closes Chromium, then stops the PBX. */
  close(): Promise<void>;
}

/** The popup form's fields, by label, that register the agent with this PBX. */
export function agentSettings(pbx: Pbx): Record<string, string> {
  return { 'PBX WebSocket URL': pbx.wsUrl, Extension: AGENT, Password: pbx.users[AGENT]! };
}

export async function startAgentSession({ configure = true, beforePopup, launch, extensionDir = CHROME_BUILD }: AgentSessionOptions = {}): Promise<AgentSession> {
  let chromium: LaunchedBrowser | undefined;
  let pbx: Pbx | undefined;
  const close = async (): Promise<void> => {
    await chromium?.close();
    await pbx?.stop();
  };
  try {
    chromium = await launchChromium(launch, extensionDir);
    pbx = await startPbx();
    await beforePopup?.(chromium);
    const popup = await openExtensionPage(chromium.browser, chromium.extensionId, 'popup.html');
    if (configure) {
      await fillSettingsForm(popup, agentSettings(pbx));
      await pollUntil('the popup to say "Registered as 1001"', () => popupStatus(popup), (t) => t === `Registered as ${AGENT}`);
    }
    return { pbx, chromium, popup, close };
  } catch (error) {
    // The file's afterAll gets no session to close when this throws.
    await close();
    throw error;
  }
}
