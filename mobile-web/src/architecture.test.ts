// The PWA's module structure, checked over every .ts/.tsx file under src/.
//
// Layers, lowest first; a module imports only from its own layer or lower ones:
//   graphql ← domain, i18n, photos ← store ← net ← sync ← ui ← screens ← shell ← main (src/*)
// store sits below net because the session keeps itself in IndexedDB.
//
// Every relative import counts, `import type` included: a type import is still a dependency
// between layers, and the value imports (the ones an ESM cycle breaks at run time) are a
// subset of them, so this is the stricter rule. Files are parsed with the oxc parser Vite
// builds with (TypeScript 7 has no stable compiler API in JavaScript).
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

import { parseSync } from 'vite';
import { describe, expect, it } from 'vitest';

const SRC = dirname(fileURLToPath(import.meta.url));

const LAYERS: Record<string, number> = {
  graphql: 0,
  domain: 1,
  i18n: 1,
  photos: 1,
  store: 2,
  net: 3,
  sync: 4,
  ui: 5,
  screens: 6,
  shell: 7,
};
const MAIN = 8;

interface Import {
  spec: string;
  /** The names it binds (`*` for a namespace or a re-export of all, `default`). */
  names: string[];
}

type Graph = Map<string, string[]>;

/** The imports, re-exports and dynamic imports of one file. */
function importsOf(file: string, text: string): Import[] {
  const r = parseSync(file, text);
  if (r.errors.length > 0) throw new Error(`${file}: ${r.errors[0].message}`);
  const out: Import[] = r.module.staticImports.map((i) => ({
    spec: i.moduleRequest.value,
    names: i.entries.map((e) => e.importName.name ?? (e.importName.kind === 'Default' ? 'default' : '*')),
  }));
  for (const e of r.module.staticExports.flatMap((x) => x.entries)) {
    if (e.moduleRequest) out.push({ spec: e.moduleRequest.value, names: [e.importName.name ?? '*'] });
  }
  for (const d of r.module.dynamicImports) {
    const literal = /^(['"`])([^'"`$]*)\1$/.exec(text.slice(d.moduleRequest.start, d.moduleRequest.end));
    if (!literal) throw new Error(`${file}: a dynamic import of a computed name cannot be checked`);
    out.push({ spec: literal[2], names: ['*'] });
  }
  return out;
}

/** `spec` from `from` (both relative to src/) as a file relative to src/; null when it is
 * a package, undefined when nothing is there. */
function resolve(from: string, spec: string, exists: (p: string) => boolean): string | null | undefined {
  if (!spec.startsWith('./') && !spec.startsWith('../')) return null;
  const base = posix.normalize(posix.join(posix.dirname(from), spec));
  const candidates = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`, `${base}/index.tsx`];
  return candidates.find(exists);
}

function layerOf(file: string): number {
  const top = file.split('/')[0];
  return file.includes('/') ? (LAYERS[top] ?? MAIN) : MAIN;
}

/** Every cycle met while walking the graph, each as a path that ends where it starts. */
function findCycles(graph: Graph): string[][] {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const cycles: string[][] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    path.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

/** Imports that reach up the layer order. */
function layerViolations(graph: Graph): string[] {
  return [...graph].flatMap(([from, tos]) =>
    tos.filter((to) => layerOf(to) > layerOf(from)).map((to) => `${from} → ${to}`),
  );
}

/** Screens and the shell touch IndexedDB only through the store's named accessors. */
function opensIndexedDb(file: string, text: string): string[] {
  if (!/^(screens|shell)\//.test(file)) return [];
  const found: string[] = [];
  for (const i of importsOf(file, text)) {
    if (i.spec === 'idb') found.push(`${file} imports idb`);
    const target = resolve(file, i.spec, () => true);
    const fromStore = target?.replace(/\.tsx?$/, '') === 'store/db';
    if (i.names.includes('db') || (fromStore && i.names.includes('*'))) found.push(`${file} imports db from ${i.spec}`);
  }
  if (/\bindexedDB\b/.test(text)) found.push(`${file} uses indexedDB`);
  return found;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return sourceFiles(p);
    return /\.tsx?$/.test(name) ? [p] : [];
  });
}

const existsInSrc = (p: string) => existsSync(join(SRC, p)) && statSync(join(SRC, p)).isFile();

/** Where a relative import of src/ leads: a file, a package (null), or nowhere (undefined). */
function target(file: string, spec: string): string | null | undefined {
  const to = resolve(file, spec, existsInSrc);
  if (to !== undefined) return to;
  // Made by codegen (`npm run codegen`), so absent on a fresh clone.
  const guess = posix.normalize(posix.join(posix.dirname(file), spec));
  if (guess === 'graphql') return 'graphql/index.ts';
  return guess.startsWith('graphql/') ? `${guess}.ts` : undefined;
}

/** The import graph of src/, and the relative imports that lead nowhere. */
function loadSrc(): { graph: Graph; texts: Map<string, string>; unresolved: string[] } {
  const graph: Graph = new Map();
  const texts = new Map<string, string>();
  const unresolved: string[] = [];
  for (const abs of sourceFiles(SRC)) {
    const file = relative(SRC, abs).split('\\').join('/');
    const text = readFileSync(abs, 'utf8');
    texts.set(file, text);
    const tos = importsOf(file, text).map(({ spec }) => ({ spec, to: target(file, spec) }));
    unresolved.push(...tos.filter((t) => t.to === undefined).map((t) => `${file}: ${t.spec}`));
    graph.set(file, tos.flatMap((t) => (t.to ? [t.to] : [])));
  }
  return { graph, texts, unresolved };
}

describe('the checks themselves', () => {
  it('report a cycle in a small graph', () => {
    const graph: Graph = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts', 'd.ts']],
      ['d.ts', []],
    ]);
    expect(findCycles(graph)).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
    graph.set('c.ts', ['d.ts']);
    expect(findCycles(graph)).toEqual([]);
  });

  it('report an import up the layer order', () => {
    const graph: Graph = new Map([
      ['net/session.ts', ['sync/outbox.ts', 'store/db.ts']],
      ['sync/outbox.ts', ['net/session.ts']],
    ]);
    expect(layerViolations(graph)).toEqual(['net/session.ts → sync/outbox.ts']);
  });

  it('see every kind of import, and a screen opening IndexedDB', () => {
    const text = [
      "import type { A } from './a';",
      "export { b } from '../b';",
      "export * from './c';",
      "const d = import('./d');",
      "import { db } from '../../store/db';",
      "import { openDB } from 'idb';",
    ].join('\n');
    expect(importsOf('x/y.ts', text).map((i) => i.spec)).toEqual(['./a', '../../store/db', 'idb', '../b', './c', './d']);
    expect(opensIndexedDb('screens/x/X.tsx', text)).toEqual([
      'screens/x/X.tsx imports db from ../../store/db',
      'screens/x/X.tsx imports idb',
    ]);
    expect(opensIndexedDb('screens/x/X.tsx', "import * as store from '../../store/db';")).toHaveLength(1);
    expect(opensIndexedDb('screens/x/X.tsx', "import { type OutboxItem, getMeta } from '../../store/db';")).toEqual([]);
  });
});

describe('src/', () => {
  const { graph, texts, unresolved } = loadSrc();

  it('has every folder in the layer order', () => {
    const folders = [...graph.keys()].filter((f) => f.includes('/')).map((f) => f.split('/')[0]);
    expect([...new Set(folders)].filter((f) => !(f in LAYERS))).toEqual([]);
  });

  it('has only imports that resolve', () => {
    expect(unresolved).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(findCycles(graph).map((c) => c.join(' → '))).toEqual([]);
  });

  it('imports only down the layer order', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('has screens that never open IndexedDB themselves', () => {
    expect([...texts].flatMap(([file, text]) => opensIndexedDb(file, text))).toEqual([]);
  });
});
