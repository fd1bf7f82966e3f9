// Lighthouse mobile (its default: a mid-range phone on slow 4G, 4× CPU slowdown) against a
// running server: a figure for the README, not a test. Three runs; the median is printed.
// Lighthouse is fetched by npx when measuring (12.8.2, the last for Node 20): it is not a
// dependency, because one of its own dependencies follows the registry's "latest" tag and
// would put package-lock.json out of step with `npm ci` whenever that moves.
//   BASE_URL=http://127.0.0.1:8080/ CHROME_PATH=/usr/bin/chromium npm run lighthouse
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const url = process.env.BASE_URL ?? 'http://127.0.0.1:8080/';
const runs = [];
for (let i = 0; i < 3; i++) {
  const out = join(tmpdir(), `rehsos-lh-${i}.json`);
  execFileSync('npx', ['--yes', 'lighthouse@12.8.2', url, '--only-categories=performance,pwa,accessibility,best-practices', '--quiet',
    '--chrome-flags=--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync',
    '--output=json', `--output-path=${out}`], { stdio: 'inherit', env: { ...process.env, CHROME_PATH: process.env.CHROME_PATH ?? '/usr/bin/chromium' } });
  const r = JSON.parse(readFileSync(out, 'utf8'));
  runs.push({
    performance: Math.round(r.categories.performance.score * 100),
    accessibility: Math.round((r.categories.accessibility?.score ?? 0) * 100),
    bestPractices: Math.round((r.categories['best-practices']?.score ?? 0) * 100),
    fcpMs: Math.round(r.audits['first-contentful-paint'].numericValue),
    lcpMs: Math.round(r.audits['largest-contentful-paint'].numericValue),
    tbtMs: Math.round(r.audits['total-blocking-time'].numericValue),
    cls: r.audits['cumulative-layout-shift'].numericValue,
    ttiMs: Math.round(r.audits.interactive?.numericValue ?? 0),
  });
}
runs.sort((a, b) => a.performance - b.performance);
console.log(JSON.stringify({ url, median: runs[1], runs }, null, 2));
