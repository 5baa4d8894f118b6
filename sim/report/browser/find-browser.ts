// Finds an installed Chromium (Debian's `chromium`, or one named by CHROME_PATH) and opens it with
// puppeteer-core, which downloads no browser; without one, says why, so a test can skip visibly.

import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Browser } from 'puppeteer-core';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The browser's path: CHROME_PATH if set, else the first of NAMES on PATH; null when there is none. */
export function findBrowser(env: NodeJS.ProcessEnv = process.env): string | null {
  const named = env.CHROME_PATH;
  if (named !== undefined && named !== '') return isExecutable(named) ? named : null;
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    for (const name of NAMES) if (isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Headless, no sandbox (CI runs as root), no network beyond the file it is shown. */
export async function openBrowser(executablePath: string): Promise<Browser> {
  const puppeteer = await import('puppeteer-core');
  return puppeteer.launch({
    executablePath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run', '--hide-scrollbars'],
  });
}
