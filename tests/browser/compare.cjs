// Opens each `ladder compare --format html` page given in headless Chromium and checks it as a
// reader would: no console errors, every level's items shown, the level selector hides and
// shows a level (by keyboard too), readable on a phone. Saves target/browser/compare.png.
'use strict';
const path = require('path');
const { chromium } = require('playwright-core');

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

function check(condition, message) {
  if (!condition) throw new Error(message);
}

async function visibleItems(page, level) {
  return page.locator(`p.item[data-level="${level}"]`).evaluateAll(
    (items) => items.filter((item) => item.offsetParent !== null).length);
}

async function test(context, file, screenshot) {
  const page = await context.newPage();
  const problems = [];
  page.on('console', (message) => { if (message.type() === 'error') problems.push(message.text()); });
  page.on('pageerror', (error) => problems.push(error.message));
  // Offline: any request leaving the file is a failure.
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : (problems.push('request ' + route.request().url()), route.abort()));
  await page.goto('file://' + path.resolve(file));

  check(await page.locator('h1').count() === 1, 'one h1');
  check(await page.locator('h2').count() >= 1, 'a heading per section');
  const boxes = page.locator('#levels input[type=checkbox]');
  const levels = await boxes.count();
  check(levels >= 2, `a selector with every level (found ${levels})`);
  for (let level = 0; level < levels; level++) {
    const expected = Number(await boxes.nth(level).getAttribute('data-items'));
    const shown = await visibleItems(page, level);
    check(shown === expected, `level ${level}: ${shown} items shown, ${expected} expected`);
  }
  check(await page.locator('ins').count() > 0, 'added words highlighted');

  // The selector: a click hides the level, a keyboard press brings it back.
  await boxes.nth(0).click();
  check(await visibleItems(page, 0) === 0, 'unticking the first level hides its items');
  check(await page.locator('thead th.l0').first().isHidden(), 'and its column heading');
  await boxes.nth(0).focus();
  await page.keyboard.press('Space');
  check(await boxes.nth(0).isChecked(), 'Space ticks the focused level again');
  check(await visibleItems(page, 0) > 0, 'its items are back');
  // Tab reaches the next level's box.
  await page.keyboard.press('Tab');
  check(await boxes.nth(1).evaluate((box) => box === document.activeElement), 'Tab moves to the next level');
  await page.keyboard.press('Space');
  check(await visibleItems(page, 1) === 0, 'Space on the second level hides it');
  await page.keyboard.press('Space');

  if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });

  // A phone: no sideways scrolling, every cell labelled by its level.
  await page.setViewportSize({ width: 390, height: 844 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 1, `no horizontal scrolling on a phone (overflow ${overflow}px)`);
  const label = await page.locator('td:not(.empty)').first().evaluate(
    (cell) => getComputedStyle(cell, '::before').content);
  check(label && label !== 'none', 'cells show their level on a phone');

  check(problems.length === 0, 'console errors or requests: ' + problems.join('; '));
  await page.close();
  console.log(`browser: ${file}: ${levels} levels, items, selector, keyboard, phone layout: ok`);
}

(async () => {
  const files = process.argv.slice(2);
  const profile = require('fs').mkdtempSync(path.join(require('os').tmpdir(), 'ladder-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
  try {
    for (const [at, file] of files.entries()) {
      await test(context, file, at === 0 ? 'target/browser/compare.png' : null);
    }
  } finally {
    await context.close();
    require('fs').rmSync(profile, { recursive: true, force: true });
  }
})().catch((error) => {
  console.error('browser: FAILED: ' + error.message);
  process.exit(1);
});
