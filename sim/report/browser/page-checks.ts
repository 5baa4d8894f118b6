// What the browser test checks on a loaded page, as lists of problems in words (empty: all well): console
// errors, uncaught exceptions and failed requests while loading; elements that must sit in the first viewport.

import type { Page } from 'puppeteer-core';

/** Starts collecting problems on `page` (call before `goto`); the array fills as they happen. */
export function pageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error instanceof Error ? error.message : String(error)}`));
  page.on('requestfailed', (request) => problems.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? '?'})`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`HTTP ${response.status()}: ${response.url()}`);
  });
  return problems;
}

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

function outside(box: Box, viewport: { width: number; height: number }): boolean {
  return box.width <= 0 || box.height <= 0 || box.x < 0 || box.y < 0
    || box.x + box.width > viewport.width || box.y + box.height > viewport.height;
}

/**
 * Each of `selectors` and each of `count` elements matching `each` must lie wholly inside the first viewport
 * (page not scrolled); the page must not scroll sideways.
 */
export async function viewportProblems(
  page: Page, viewport: { width: number; height: number }, selectors: readonly string[], each: string, count: number,
): Promise<string[]> {
  const problems: string[] = [];
  const describe = (name: string, box: Box): string =>
    `${name} at ${Math.round(box.x)},${Math.round(box.y)} size ${Math.round(box.width)}x${Math.round(box.height)} is not inside ${viewport.width}x${viewport.height}`;
  const boxes = async (selector: string): Promise<Box[]> => page.$$eval(selector, (elements) => elements.map((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.x + window.scrollX, y: rect.y + window.scrollY, width: rect.width, height: rect.height };
  }));
  for (const selector of selectors) {
    const found = await boxes(selector);
    if (found.length !== 1) problems.push(`${selector}: ${found.length} elements, expected 1`);
    else if (outside(found[0], viewport)) problems.push(describe(selector, found[0]));
  }
  const found = await boxes(each);
  if (found.length !== count) problems.push(`${each}: ${found.length} elements, expected ${count}`);
  found.forEach((box, index) => {
    if (outside(box, viewport)) problems.push(describe(`${each} #${index + 1}`, box));
  });
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  if (scrollWidth > viewport.width) problems.push(`the page is ${scrollWidth} px wide: it scrolls sideways at ${viewport.width}`);
  return problems;
}
