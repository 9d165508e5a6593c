// Bundles the extension (node, CommonJS) and the explain page (browser, IIFE) with esbuild.
// `--tests` also bundles test/**/*.test.ts into out-test/, with `vscode` resolved to the
// hand-written mock in test/mocks/vscode.ts.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const withTests = process.argv.includes('--tests');
const production = process.argv.includes('--production');

const common = { bundle: true, sourcemap: !production, minify: production, logLevel: 'warning', absWorkingDir: root };

await Promise.all([
  esbuild.build({
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  }),
  esbuild.build({
    ...common,
    entryPoints: ['src/webview/main.ts'],
    outfile: 'dist/webview/explain-view.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
  }),
]);

if (withTests) {
  const testFiles = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const file = join(dir, name);
      if (statSync(file).isDirectory()) walk(file);
      else if (name.endsWith('.test.ts')) testFiles.push(relative(root, file));
    }
  };
  walk(join(root, 'test'));
  rmSync(join(root, 'out-test'), { recursive: true, force: true });
  await esbuild.build({
    ...common,
    sourcemap: true,
    entryPoints: testFiles,
    outdir: 'out-test',
    outbase: 'test',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    alias: { vscode: './test/mocks/vscode.ts' },
    // Loaded from node_modules at run time: playwright-core spawns its own helpers.
    external: ['playwright-core'],
  });
}
