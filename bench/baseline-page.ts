/**
 * The baseline: a bare web page running SIP.js and nothing else, registered as its own extension
 * (1002) at the same PBX. When an INVITE arrives it writes the caller number into its DOM. The
 * floor for "INVITE to caller shown": one WebSocket hop, SIP.js parsing, one DOM write and a frame.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'puppeteer-core';
import { serveSipPage } from '../test/e2e/helpers/browser-caller';

export const BASELINE_EXT = '1002';

const PAGE = `<!doctype html><meta charset="utf-8"><title>baseline: bare SIP.js</title>
<p>Incoming call from <output id="caller"></output></p>
<script type="module">import * as SIP from '/sip/index.js'; window.SIP = SIP;</script>`;

export interface BaselinePage {
  page: Page;
  close(): Promise<void>;
}

export async function startBaselinePage(browser: Browser, pbx: { wsUrl: string; domain: string; users: Record<string, string> }): Promise<BaselinePage> {
  const server: Server = await serveSipPage(PAGE);
  const { port } = server.address() as AddressInfo;
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => 'SIP' in window);
  await page.evaluate(
    async (wsUrl, domain, user, password) => {
      const SIP = (window as unknown as { SIP: any }).SIP; // loaded from a URL: untyped here
      const caller = document.getElementById('caller')!;
      const ua = new SIP.UserAgent({
        uri: SIP.UserAgent.makeURI(`sip:${user}@${domain}`),
        authorizationUsername: user,
        authorizationPassword: password,
        transportOptions: { server: wsUrl },
        logLevel: 'error',
        delegate: {
          onInvite(invitation: any) {
            caller.textContent = invitation.request.getHeader('X-Platforma-Number') ?? '';
            void invitation.progress().catch(() => {});
          },
        },
      });
      await ua.start();
      await new Promise<void>((resolve, reject) => {
        void new SIP.Registerer(ua).register({
          requestDelegate: { onAccept: () => resolve(), onReject: () => reject(new Error('baseline REGISTER rejected')) },
        });
      });
      Object.assign(window, { ua });
    },
    pbx.wsUrl,
    pbx.domain,
    BASELINE_EXT,
    pbx.users[BASELINE_EXT]!,
  );
  return {
    page,
    async close() {
      await page.evaluate(async () => void (await (window as unknown as { ua?: { stop(): Promise<void> } }).ua?.stop())).catch(() => {});
      await page.close().catch(() => {});
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
