// Reports in a real browser (Debian's chromium through puppeteer-core, which downloads none): a run report and a
// sweep report, written by the command line into a temp dir, load with no console error and no failed request;
// at 1,440 x 900 the run report's verdict and both variants' resolution charts sit in the first viewport.
// Without a browser the test says it is skipped (the resvg check in run-report.test.ts still runs).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findBrowser, openBrowser } from './find-browser.js';
import { pageProblems, viewportProblems } from './page-checks.js';
import { CLI_BINARY } from '../../testing/cli-binary.js';

const CLI = CLI_BINARY;
const VIEWPORT = { width: 1440, height: 900 };
const browserPath = findBrowser();
const skipped = browserPath === null
  ? ' — SKIPPED: no browser (apt-get install chromium, or set CHROME_PATH); the resvg check still runs' : '';

function mirrorsim(args: readonly string[]): void {
  const run = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  // Exit 0: every variant as expected (run), no violation; the sweep of the problem has violations (1).
  expect([0, 1], `${args.join(' ')}: ${run.stderr}`).toContain(run.status);
}

/** Opens a report at 1,440 x 900 and collects what went wrong while it loaded. */
async function load(browser: Browser, file: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  await page.setViewport(VIEWPORT);
  const problems = pageProblems(page);
  await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
  return { page, problems };
}

describe.skipIf(browserPath === null)(`reports in a real browser${skipped}`, () => {
  let dir = '';
  let browser: Browser | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mirrorsim-browser-'));
    mirrorsim(['run', '--report', join(dir, 'run')]);
    mirrorsim(['sweep', 'default', '--seeds', '1', '--workers', '1', '--report', join(dir, 'sweep')]);
    browser = await openBrowser(browserPath!);
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('the run report: no console error or failed request; verdict and both resolution charts in the first viewport', async () => {
    const { page, problems } = await load(browser!, join(dir, 'run', 'index.html'));
    const placed = await viewportProblems(page, VIEWPORT, ['#verdict'], '[data-chart="resolution"]', 2);
    expect(problems).toEqual([]);
    expect(placed).toEqual([]);
    const variants = await page.$$eval('[data-chart="resolution"]', (figures) => figures.map((figure) => figure.getAttribute('data-variant')));
    expect(new Set(variants).size).toBe(2);
    await page.close();
  });

  it('the sweep report: no console error or failed request, its charts drawn, no sideways scrolling', async () => {
    const { page, problems } = await load(browser!, join(dir, 'sweep', 'index.html'));
    expect(problems).toEqual([]);
    expect(await page.$$eval('svg', (svgs) => svgs.filter((svg) => svg.getBoundingClientRect().width > 300).length)).toBeGreaterThan(0);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(VIEWPORT.width);
    await page.close();
  });
});

describe('a browser for the report test', () => {
  it(browserPath === null ? 'none found: the browser test above is skipped' : `found: ${browserPath}`, () => {
    if (browserPath === null) console.warn(`reports in a real browser${skipped}`);
    expect(findBrowser({ PATH: '' })).toBeNull();
    expect(findBrowser({ CHROME_PATH: '/nonexistent/chromium', PATH: process.env.PATH })).toBeNull();
  });
});
