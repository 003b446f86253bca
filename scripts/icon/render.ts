/**
 * Renders the Marketplace icon (media/icon.png, 256×256, transparent corners) from scripts/icon/icon.svg with
 * playwright-core and the system Chromium, as the integration tests drive it. Run: npm run icon
 * CHANGE_RISK_CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium } from 'playwright-core';

const SIZE = 256;
const root = path.resolve(__dirname, '../..');
const source = path.join(__dirname, 'icon.svg');
const target = path.join(root, 'media/icon.png');

async function main(): Promise<void> {
  const svg = fs.readFileSync(source, 'utf8');
  const browser = await chromium.launch({
    executablePath: process.env.CHANGE_RISK_CHROMIUM_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
  });
  try {
    const page = await browser.newPage({ viewport: { width: SIZE, height: SIZE }, deviceScaleFactor: 1 });
    await page.setContent(`<!DOCTYPE html><html><body style="margin:0;background:transparent">${svg}</body></html>`);
    const png = await page.locator('svg').screenshot({ omitBackground: true });
    fs.writeFileSync(target, png);
    console.log(`wrote ${path.relative(root, target)} (${SIZE}×${SIZE}, ${png.length} bytes)`);
  } finally {
    await browser.close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
