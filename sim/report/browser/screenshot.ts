// Screenshots of report pages in a real browser: `tsx sim/report/browser/screenshot.ts OUT_DIR PAGE.html...`
// takes the first 1,440 x 900 viewport, the whole page and each figure of each (PNG), to look at a report as a
// reader does.

import { mkdirSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findBrowser, openBrowser } from './find-browser.js';

const [outDir, ...pages] = process.argv.slice(2);
if (outDir === undefined || pages.length === 0) {
  process.stderr.write('usage: tsx sim/report/browser/screenshot.ts OUT_DIR PAGE.html...\n');
  process.exit(2);
}
const executable = findBrowser();
if (executable === null) {
  process.stderr.write('no browser: install chromium (apt-get install chromium) or set CHROME_PATH\n');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const browser = await openBrowser(executable);
try {
  for (const page of pages) {
    const tab = await browser.newPage();
    await tab.setViewport({ width: 1440, height: 900 });
    await tab.goto(pathToFileURL(resolve(page)).href, { waitUntil: 'load' });
    const name = `${basename(dirname(resolve(page)))}-${basename(page, '.html')}`;
    await tab.screenshot({ path: join(outDir, `${name}-viewport.png`) });
    await tab.screenshot({ path: join(outDir, `${name}-full.png`), fullPage: true });
    const figures = await tab.$$('figure');
    for (const [index, figure] of figures.entries()) {
      await figure.screenshot({ path: join(outDir, `${name}-figure-${index + 1}.png`) });
    }
    const size = await tab.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.scrollHeight]);
    process.stdout.write(`${page}: page ${size[0]} x ${size[1]} px -> ${join(outDir, name)}-{viewport,full}.png\n`);
    await tab.close();
  }
} finally {
  await browser.close();
}
