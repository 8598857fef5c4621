// The Keys screen in Chromium (Debian's, through playwright-core, as the e2e tests drive
// it): from opening the screen to its first row on screen.
import { chromium } from 'playwright-core';
import { median } from './figures';
import type { Serve } from './scale-serve';

const LOADS = 5;

export async function keysFirstRowMs(serve: Serve): Promise<number> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const eq = serve.cookie.indexOf('=');
    const [name, value] = [serve.cookie.slice(0, eq), serve.cookie.slice(eq + 1)];
    await context.addCookies([{ name, value, url: serve.issuer }]);
    const page = await context.newPage();
    const keysUrl = new URL('/admin/#/keys', serve.issuer).href;
    const times: number[] = [];
    // The first load warms Chromium's cache of the page's scripts; not counted.
    for (let i = 0; i <= LOADS; i++) {
      await page.goto('about:blank');
      const start = performance.now();
      await page.goto(keysUrl);
      await page.getByRole('table', { name: 'API keys' }).locator('tbody tr[aria-rowindex]').first().waitFor({ timeout: 120_000 });
      if (i > 0) times.push(performance.now() - start);
    }
    return median(times);
  } finally {
    await browser.close();
  }
}
