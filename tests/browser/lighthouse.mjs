// Lighthouse on the given pages, one after another in one Debian chromium (tests/browser/test_browser_lighthouse.py).
// Usage: node tests/browser/lighthouse.mjs OUT_DIR NAME=URL...   writes OUT_DIR/NAME.json (Lighthouse's JSON report).
// Through the Node API rather than the CLI once per page: the CLI starts node, loads Lighthouse and launches a
// browser for every page (~7 s each on this 2-core machine), which would triple the test's time.
import {mkdirSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const WAIT_MS = 500; // quiet network and CPU for this long ends a page's load (Lighthouse's default is 1000)
const config = {
  extends: 'lighthouse:default',
  settings: {
    onlyCategories: ['accessibility', 'best-practices', 'seo'],
    onlyAudits: ['network-requests'], // added to the categories' audits: every request, to check none leaves the host
    formFactor: 'mobile', // with Lighthouse's default phone screen and user agent
    // Simulated throttling only changes how performance metrics are computed (not asked for here): the page loads at
    // full speed. ('provided' was slower: each load then waited ~11 s for the network to go quiet.)
    throttlingMethod: 'simulate',
    disableFullPageScreenshot: true, // a picture for the HTML report only; no audit reads it
    pauseAfterFcpMs: WAIT_MS,
    pauseAfterLoadMs: WAIT_MS,
    networkQuietThresholdMs: WAIT_MS,
    cpuQuietThresholdMs: WAIT_MS,
  },
};

const [outDir, ...pages] = process.argv.slice(2);
mkdirSync(outDir, {recursive: true});
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROME_PATH || '/usr/bin/chromium',
  chromeFlags: [
    '--headless=new', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
    '--disable-component-update', '--disable-quic', '--no-first-run', '--disable-sync',
    // Nothing but the loopback test server resolves: an outside request fails (and the test names it) instead of leaving.
    '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  ],
});
try {
  for (const page of pages) {
    const split = page.indexOf('=');
    const [name, url] = [page.slice(0, split), page.slice(split + 1)];
    const started = Date.now();
    // enableErrorReporting stays off: Lighthouse itself sends nothing anywhere.
    const result = await lighthouse(url, {port: chrome.port, output: 'json', logLevel: 'error'}, config);
    writeFileSync(join(outDir, `${name}.json`), result.report);
    console.log(`${name}\t${Date.now() - started}`);
  }
} finally {
  await chrome.kill();
}
