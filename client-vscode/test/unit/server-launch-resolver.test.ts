import assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { ServerLaunchError } from '../../src/server/server-launch-error';
import { ServerLaunchResolver } from '../../src/server/server-launch-resolver';

const extensionPath = path.resolve('/ext');
const bundled = path.join(extensionPath, 'server', 'assistant-lsp.dll');

describe('ServerLaunchResolver', () => {
  it('runs the bundled framework-dependent server with dotnet when no path is set', () => {
    const resolver = new ServerLaunchResolver(extensionPath, (f) => f === bundled);
    assert.deepEqual(resolver.resolve(undefined), { command: 'dotnet', args: [bundled], origin: 'bundled' });
  });

  it('runs a .dll set in assistantLsp.server.path with dotnet', () => {
    const dll = path.resolve('/opt/lsp/Assistant-LSP.DLL');
    const resolver = new ServerLaunchResolver(extensionPath, (f) => f === dll);
    assert.deepEqual(resolver.resolve(dll), { command: 'dotnet', args: [dll], origin: 'setting' });
  });

  it('runs any other path in the setting as an executable', () => {
    const exe = path.resolve('/opt/lsp/assistant-lsp');
    const resolver = new ServerLaunchResolver(extensionPath, (f) => f === exe);
    assert.deepEqual(resolver.resolve(exe), { command: exe, args: [], origin: 'setting' });
  });

  it('uses the configured dotnet command', () => {
    const resolver = new ServerLaunchResolver(extensionPath, () => true, '/usr/share/dotnet/dotnet');
    assert.equal(resolver.resolve(undefined).command, '/usr/share/dotnet/dotnet');
  });

  it('explains a setting that points nowhere', () => {
    const resolver = new ServerLaunchResolver(extensionPath, () => false);
    assert.throws(() => resolver.resolve('/missing/assistant-lsp'), (e: unknown) => e instanceof ServerLaunchError && /assistantLsp\.server\.path/.test(e.message));
  });

  it('explains how to publish a missing bundled server', () => {
    const resolver = new ServerLaunchResolver(extensionPath, () => false);
    assert.throws(() => resolver.resolve(undefined), (e: unknown) => e instanceof ServerLaunchError && /dotnet publish/.test(e.message));
  });
});
