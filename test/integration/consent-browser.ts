// A `gatehouse serve` and a Chromium signed in to its admin page: for the tests whose
// clients sign in through the browser, with the consent clicked there as the admin would.
import type { ChildProcess } from 'node:child_process';
import type { Browser } from 'playwright-core';
import { launchBrowser, signIn, startServe, type Serve } from './oauth-harness';

export interface ConsentBrowser {
  serve: Serve;
  browser: Browser;
  /** The admin session's cookie, for the admin API. */
  cookie: string;
  /** Child processes the test starts (clients, servers): killed by `stop`. */
  procs: ChildProcess[];
  /** Opens an authorization URL in the signed-in browser and clicks Allow on the consent page (if it asks). */
  allow(url: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startConsentBrowser(): Promise<ConsentBrowser> {
  const [serve, browser] = await Promise.all([startServe(), launchBrowser()]);
  const ctx = await browser.newContext();
  const cookie = await signIn(ctx, serve);
  const page = await ctx.newPage();
  const procs: ChildProcess[] = [];
  return {
    serve,
    browser,
    cookie,
    procs,
    async allow(url) {
      await page.goto(url);
      if (page.url().includes('/admin/consent/')) await page.getByRole('button', { name: 'Allow' }).click();
    },
    async stop() {
      for (const p of procs) p.kill('SIGTERM');
      await browser.close();
      await serve.stop();
    },
  };
}
