// npm run package: builds the bundle (minified), publishes the server framework-dependent into
// server/, packs the .vsix with vsce and checks what it holds.
// The .vsix is platform-specific: the server's native runtimes (ONNX Runtime, ONNX Runtime GenAI,
// llama.cpp) for every platform would make it several hundred MB. By default it targets this
// machine; ASSISTANT_PACKAGE_RID=win-x64 (or linux-arm64, osx-arm64, ...) picks another.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vsixEntries } from './vsix-contents.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const vscodeTargets = { 'linux-x64': 'linux-x64', 'linux-arm64': 'linux-arm64', 'osx-x64': 'darwin-x64', 'osx-arm64': 'darwin-arm64', 'win-x64': 'win32-x64', 'win-arm64': 'win32-arm64' };
const platformRids = { linux: 'linux', darwin: 'osx', win32: 'win' };
const rid = process.env.ASSISTANT_PACKAGE_RID?.trim() || `${platformRids[process.platform] ?? process.platform}-${process.arch}`;
if (!vscodeTargets[rid]) {
  console.error(`ASSISTANT_PACKAGE_RID=${rid} is not one of ${Object.keys(vscodeTargets).join(', ')} (set it to one of them on this machine)`);
  process.exit(2);
}

function run(command, args) {
  console.log(`> ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit', env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' } });
  if (result.status !== 0) {
    console.error(`${command} failed (${result.status ?? result.error?.message})`);
    process.exit(1);
  }
}

run('tsc', ['-p', 'tsconfig.json']);
run(process.execPath, ['scripts/build.mjs', '--production']);
rmSync(join(root, 'server'), { recursive: true, force: true });
run('dotnet', ['publish', join('..', 'src', 'AssistantLsp.Server'), '-c', 'Release', '-o', 'server', '-nologo', '-v', 'quiet', '-r', rid, '--self-contained', 'false']);
// LLamaSharp's backend copies llama.cpp for every platform into runtimes/ even for one RID: keep only this one.
const runtimes = join(root, 'server', 'runtimes');
for (const other of (existsSync(runtimes) ? readdirSync(runtimes, { withFileTypes: true }) : []).filter((e) => e.isDirectory() && e.name !== rid)) {
  rmSync(join(runtimes, other.name), { recursive: true, force: true });
}

const vsix = `${manifest.name}-${manifest.version}-${vscodeTargets[rid]}.vsix`;
rmSync(join(root, vsix), { force: true });
run('vsce', ['package', '--no-dependencies', '--allow-missing-repository', '--out', vsix, '--target', vscodeTargets[rid]]);

const names = new Set(vsixEntries(join(root, vsix)).map((e) => e.name));
const required = [
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/dist/webview/explain-view.js',
  'extension/media/explain-view.css',
  'extension/server/assistant-lsp.dll',
  'extension/server/assistant-lsp.runtimeconfig.json',
  'extension/server/assistant-lsp.deps.json',
  'extension/readme.md',
];
const missing = required.filter((name) => !names.has(name) && !names.has(name.replace('readme.md', 'README.md')));
// Each engine's native library for this platform (lib<name>.so, lib<name>.dylib or <name>.dll), anywhere under server/.
const nativeName = (base) => new RegExp(`^extension/server/(.*/)?(lib)?${base}\\.(so|dylib|dll)$`);
for (const base of ['onnxruntime-genai', 'onnxruntime', 'llama']) {
  if (![...names].some((name) => nativeName(base).test(name))) {
    missing.push(`the native ${base} library for ${rid}`);
  }
}
const otherPlatforms = [...names].filter((name) => /^extension\/server\/runtimes\//.test(name) && !name.startsWith(`extension/server/runtimes/${rid}/`));
const hasLicense = [...names].some((name) => /^extension\/license(\.txt|\.md)?$/i.test(name));
const strays = [...names].filter((name) => /^extension\/(src|test|out-test|node_modules)\//.test(name) || name.endsWith('.map')).concat(otherPlatforms);
if (missing.length > 0 || !hasLicense || strays.length > 0) {
  console.error(`${vsix} is incomplete. Missing: ${[...missing, ...(hasLicense ? [] : ['LICENSE'])].join(', ') || 'none'}. Should not be there: ${strays.slice(0, 10).join(', ') || 'none'}`);
  process.exit(1);
}
console.log(`${vsix}: ${names.size} files, ${(statSync(join(root, vsix)).size / 1048576).toFixed(1)} MiB; server dll, ${rid} native runtimes, bundle, page, README and LICENSE present.`);
