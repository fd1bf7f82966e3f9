// First-load JS budget: the scripts index.html loads (entry and modulepreloads), gzipped at
// level 9, must stay under 60 KB. Deterministic for a given build, so it is a test.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const BUDGET = 60 * 1024;
const dist = new URL('../dist/', import.meta.url).pathname;
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const scripts = [...html.matchAll(/<(?:script[^>]+src|link[^>]+rel="modulepreload"[^>]+href)="\/([^"]+\.js)"/g)].map((m) => m[1]);
if (scripts.length === 0) {
  console.error('budget: index.html loads no script; is dist/ built?');
  process.exit(1);
}
let total = 0;
for (const s of scripts) {
  const size = gzipSync(readFileSync(join(dist, s)), { level: 9 }).length;
  total += size;
  console.log(`${s}: ${(size / 1024).toFixed(1)} KB gz`);
}
console.log(`first-load JS: ${(total / 1024).toFixed(1)} KB gz (budget ${BUDGET / 1024} KB)`);
if (total > BUDGET) {
  console.error('budget: first-load JS is over budget');
  process.exit(1);
}
