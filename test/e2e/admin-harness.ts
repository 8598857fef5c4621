// Shared by the admin-screen e2e tests (servers, permissions, rate limits, audit):
// a real `gatehouse serve` on a temp data dir, Chromium signed in through the
// one-time admin URL, axe-core on every screen, screenshots into test-results/,
// the CLI on the same data dir, and a guard session to produce real audit rows.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

export const ROOT = resolve(import.meta.dirname, '../..');
export const RESULTS = join(ROOT, 'test-results');
export const GATEHOUSE = join(ROOT, 'bin/gatehouse');
export const EVERYTHING = join(ROOT, 'node_modules/@modelcontextprotocol/server-everything/dist/index.js');
const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

interface Ready {
  issuer: string;
  admin_url: string;
  gateway_base: string;
}

export interface Admin {
  dataDir: string;
  tmp: string;
  /** HOME of serve and the CLI: the real one, or a temp folder with `startAdmin(name, { tempHome: true })`. */
  home: string;
  ready: Ready;
  browser: Browser;
  context: BrowserContext;
  page: Page;
  env: Record<string, string>;
  /** Runs the CLI on the same data dir; parses --json output. */
  cli<T = unknown>(args: string[]): T;
  /** Calls the admin HTTP API with the page's session, as the UI does. */
  api<T = unknown>(method: string, input?: unknown): Promise<T>;
  /** Opens a screen by its hash route and waits for its h1. */
  open(route: string, heading: string): Promise<void>;
  expectAccessible(screen: string): Promise<void>;
  shot(name: string): Promise<void>;
  /** Axe and a screenshot (`<file>.png`) in the light theme, then the same in the dark one (`<file>-dark.png`); back to light. */
  lightAndDark(screen: string, file: string): Promise<void>;
  /** Axe and a screenshot (`<file>-dark.png`) in the dark theme; back to light. */
  dark(screen: string, file: string): Promise<void>;
  close(): Promise<void>;
}

function ensureBuilt(): void {
  if (!existsSync(join(ROOT, 'out/renderer/index.html')) || !existsSync(join(ROOT, 'out/main/cli.js'))) {
    const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: ROOT, stdio: 'inherit' });
    if (build.status !== 0) throw new Error('electron-vite build failed');
  }
}

function startServe(env: Record<string, string>, log: { stderr: string }): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn(process.execPath, [GATEHOUSE, 'serve', '--port', '0', '--json'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => {
    log.stderr += chunk.toString();
  });
  return new Promise((resolveReady, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no ready line in 20 s; stderr:\n${log.stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).once('line', (line) => {
      clearTimeout(timer);
      try {
        resolveReady({ child, ready: JSON.parse(line) as Ready });
      } catch {
        reject(new Error(`serve's first stdout line is not JSON: ${line}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}; stderr:\n${log.stderr}`));
    });
  });
}

export interface StartOptions {
  /** Point HOME at an empty temp folder (XDG_CONFIG_HOME unset), so client detection finds only what the test writes there. */
  tempHome?: boolean;
  /** More environment for serve and the CLI (settings read from the env). */
  env?: Record<string, string>;
}

export async function startAdmin(name: string, opts: StartOptions = {}): Promise<Admin> {
  ensureBuilt();
  mkdirSync(RESULTS, { recursive: true });
  const tmp = await mkdtemp(join(tmpdir(), `gatehouse-e2e-${name}-`));
  const dataDir = join(tmp, 'data');
  mkdirSync(dataDir, { recursive: true });
  const home = opts.tempHome ? join(tmp, 'home') : (process.env.HOME ?? tmp);
  if (opts.tempHome) mkdirSync(home, { recursive: true });
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    GATEHOUSE_DATA_DIR: dataDir,
    GATEHOUSE_MASTER_KEY: randomBytes(32).toString('base64'),
    ...opts.env,
  };
  const log = { stderr: '' };
  const { child, ready } = await startServe(env, log);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: 'light', acceptDownloads: true });
  // An uncaught exception or a console.error in any tab fails the file at close. Chromium's
  // own line for a 4xx/5xx answer is not one: tests ask for refusals on purpose.
  const pageErrors: string[] = [];
  context.on('page', (p) => {
    p.on('pageerror', (e) => pageErrors.push(`${p.url()}: uncaught ${e.name}: ${e.message}`));
    p.on('console', (m) => {
      if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) pageErrors.push(`${p.url()}: console.error: ${m.text()}`);
    });
  });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await page.goto(ready.admin_url);
  await page.getByRole('navigation', { name: 'Main' }).waitFor();

  const admin: Admin = {
    dataDir,
    tmp,
    home,
    ready,
    browser,
    context,
    page,
    env,
    cli<T>(args: string[]): T {
      const r = spawnSync(process.execPath, [GATEHOUSE, ...args, '--json'], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
      if (r.status !== 0) throw new Error(`gatehouse ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
      return JSON.parse(r.stdout) as T;
    },
    async api<T>(method: string, input: unknown = {}): Promise<T> {
      const body = await page.evaluate(
        async ([m, i]) => {
          const res = await fetch(`/admin/api/${m}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(i) });
          return (await res.json()) as { data?: unknown; error?: { message: string } };
        },
        [method, input] as const,
      );
      if (body.error) throw new Error(`${method}: ${body.error.message}`);
      return body.data as T;
    },
    async open(route: string, heading: string) {
      // A fresh load: what the CLI changed behind the page's back shows at once.
      await page.goto(new URL(`/admin/#${route}`, ready.issuer).href);
      await page.reload();
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    },
    expectAccessible: (screen: string) => expectAccessible(page, screen),
    async shot(file: string) {
      await page.screenshot({ path: join(RESULTS, file), fullPage: false });
    },
    async lightAndDark(screen: string, file: string) {
      await admin.expectAccessible(screen);
      await admin.shot(`${file}.png`);
      await admin.dark(screen, file);
    },
    async dark(screen: string, file: string) {
      await page.emulateMedia({ colorScheme: 'dark' });
      await admin.expectAccessible(`${screen} (dark)`);
      await admin.shot(`${file}-dark.png`);
      await page.emulateMedia({ colorScheme: 'light' });
    },
    async close() {
      await browser.close().catch(() => undefined);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      await rm(tmp, { recursive: true, force: true });
      if (pageErrors.length) throw new Error(`the admin UI reported errors:\n${pageErrors.join('\n')}`);
    },
  };
  return admin;
}

export interface FileOptions extends StartOptions {
  /** What the file's tests start from, done once the admin is signed in (servers, keys, configs). */
  setup?: (admin: Admin) => void | Promise<void>;
  /** For a setup that takes long (bulk data). */
  timeoutMs?: number;
}

/**
 * The app for one test file: started and signed in before its tests (beforeAll), closed after
 * them (afterAll). The Admin returned stands for the one started; use it inside tests and hooks.
 */
export function useAdmin(name: string, opts: FileOptions = {}): Admin {
  let started: Admin | undefined;
  beforeAll(async () => {
    started = await startAdmin(name, opts);
    await opts.setup?.(started);
  }, opts.timeoutMs ?? 180_000);
  afterAll(async () => {
    await started?.close();
  });
  return new Proxy({} as Admin, {
    get(_target, key) {
      if (!started) throw new Error(`the admin for ${name} is used before beforeAll started it`);
      return Reflect.get(started, key);
    },
  });
}

/** Closes a dialog with Escape and waits until it is gone. */
export async function dismiss(dialog: Locator): Promise<void> {
  await dialog.page().keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
}

/** Clicks the button that opens a dialog and waits for that dialog. */
export async function openDialog(page: Page, button: string, dialog: string): Promise<Locator> {
  await page.getByRole('button', { name: button }).click();
  const opened = page.getByRole('dialog', { name: dialog });
  await opened.waitFor();
  return opened;
}

/** Creates an API key through the CLI: its id and its secret. */
export function createKey(admin: Admin, name: string, allow: string, ...more: string[]): { id: string; key: string } {
  return admin.cli<{ id: string; key: string }>(['keys', 'create', '--name', name, '--allow', allow, ...more]);
}

/** Injects axe-core (through the devtools protocol, so the page's CSP stays on) and fails on serious issues. */
export async function expectAccessible(page: Page, screen: string): Promise<void> {
  await settled(page);
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (ctx: Document, opts: object) => Promise<{ violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> }> }> } }).axe;
    const result = await axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((n) => JSON.stringify(n.target)) }));
  });
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `axe on ${screen}: ${JSON.stringify(bad, null, 2)}`).toEqual([]);
}

/**
 * Waits two frames (so a style change such as a new colour scheme has started its transitions),
 * then for every finite CSS transition or animation to end: axe must not judge a colour mid-fade.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const running = document.getAnimations().filter((a) => a.effect?.getComputedTiming().iterations !== Infinity);
    await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
  });
}

/** Waits until the locator is visible (playwright-core has no web-first assertions). */
export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: 'visible', timeout: 10_000 });
}

/** Adds server-everything through the CLI and discovers its tools. */
export function addEverything(admin: Admin, name = 'everything'): void {
  admin.cli(['servers', 'add', name, '--command', process.execPath, '--arg', EVERYTHING, '--arg', 'stdio']);
  admin.cli(['servers', 'discover', name]);
}

/** An MCP session through `gatehouse guard` with an API key: what Claude Desktop would do. */
export async function guardSession(admin: Admin, server: string, apiKey: string): Promise<Client> {
  const transport = new StdioClientTransport({
    command: process.execPath,
    args: [GATEHOUSE, 'guard', '--server', server],
    env: { ...admin.env, GATEHOUSE_API_KEY: apiKey },
    stderr: 'pipe',
  });
  const client = new Client({ name: 'gatehouse-e2e', version: '1.0.0' });
  await client.connect(transport, { timeout: 20_000 });
  return client;
}
