// Runs the client test groups (unit, protocol, webview; e2e when named) from out-test/ with node's test runner.
// With ASSISTANT_TEST_RESULTS set, writes "<passed> <failed>" to client-<group>.counts there.
// Exits non-zero when any test failed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const allGroups = ['unit', 'protocol', 'webview'];
// e2e (the .vsix in code-server) runs only when named: scripts/test.sh builds and installs what it needs.
const knownGroups = [...allGroups, 'e2e'];
const groups = process.argv.slice(2).length > 0 ? process.argv.slice(2) : allGroups;
const resultsDir = process.env.ASSISTANT_TEST_RESULTS;
const scratch = mkdtempSync(join(tmpdir(), 'assistant-client-tests-'));

/**
 * Protocol test files run in their own processes; build the server once for all of them (as the
 * harness would: `dotnet build src/AssistantLsp.Server -c Release`) and hand them the dll. On a
 * build failure nothing is handed over and each test reports the build error itself.
 */
function buildServerOnce() {
  if (process.env.ASSISTANT_SKIP_PROTOCOL_TESTS === '1' || process.env.ASSISTANT_SERVER_DLL) return {};
  const project = join(root, '..', 'src', 'AssistantLsp.Server');
  const build = spawnSync('dotnet', ['build', project, '-c', 'Release', '-nologo', '-v', 'quiet'], {
    encoding: 'utf8',
    env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1' },
  });
  const dll = join(project, 'bin', 'Release', 'net10.0', 'assistant-lsp.dll');
  return build.status === 0 && existsSync(dll) ? { ASSISTANT_SERVER_DLL: dll } : {};
}

let anyFailed = false;
const summary = [];
for (const group of groups) {
  if (!knownGroups.includes(group)) {
    console.error(`unknown test group "${group}" (known: ${knownGroups.join(', ')})`);
    process.exit(2);
  }
  const dir = join(root, 'out-test', group);
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.test.js')).map((f) => join(dir, f)) : [];
  const countsFile = join(scratch, `${group}.json`);
  let counts = { passed: 0, failed: 0, skipped: 0, todo: 0 };
  let status = 0;
  if (files.length === 0) {
    console.error(`client-${group}: no compiled tests in ${dir} (run the build with --tests first)`);
    status = 1;
  } else {
    console.log(`\n== client ${group} tests`);
    const env = { ...process.env };
    if (group === 'protocol') Object.assign(env, buildServerOnce());
    const run = spawnSync(
      process.execPath,
      [
        '--test',
        '--test-concurrency=1',
        `--test-timeout=${group === 'e2e' ? 900000 : 120000}`,
        '--test-reporter=spec',
        '--test-reporter-destination=stdout',
        `--test-reporter=${join(root, 'scripts', 'counts-reporter.mjs')}`,
        `--test-reporter-destination=${countsFile}`,
        ...files,
      ],
      // A run that hangs (a leftover handle) is killed and counted as failed rather than stalling CI.
      { cwd: root, stdio: 'inherit', env, timeout: 10 * 60 * 1000, killSignal: 'SIGKILL' },
    );
    status = run.status ?? 1;
    const written = existsSync(countsFile) ? readFileSync(countsFile, 'utf8').trim() : '';
    if (written) counts = JSON.parse(written.split('\n').pop());
  }
  // A non-zero exit with no failed test (a crash, a failing hook) still counts as one failure.
  if (status !== 0 && counts.failed === 0) counts.failed = 1;
  if (counts.failed > 0) anyFailed = true;
  summary.push(`client-${group}: ${counts.passed} passed, ${counts.failed} failed${counts.skipped ? `, ${counts.skipped} skipped` : ''}${counts.todo ? `, ${counts.todo} todo` : ''}`);
  if (resultsDir) {
    mkdirSync(resultsDir, { recursive: true });
    writeFileSync(join(resultsDir, `client-${group}.counts`), `${counts.passed} ${counts.failed}\n`);
  }
}
rmSync(scratch, { recursive: true, force: true });
console.log(`\n${summary.map((line) => `- ${line}`).join('\n')}`);
process.exit(anyFailed ? 1 : 0);
