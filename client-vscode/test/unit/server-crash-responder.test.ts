import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import { RestartPolicy } from '../../src/server/restart-policy';
import { ServerCrashResponder } from '../../src/server/server-crash-responder';
import { mock } from '../mocks/vscode';

const commandIds = { showLogs: 'test.showLogs', restartServer: 'test.restart' };
const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('ServerCrashResponder', () => {
  beforeEach(() => mock.reset());

  it('restarts silently within the budget', () => {
    const responder = new ServerCrashResponder(new RestartPolicy(2, 60_000, () => 0), commandIds);
    assert.equal(responder.onConnectionClosed(), 'restart');
    assert.equal(responder.onConnectionClosed(), 'restart');
    assert.equal(mock.messages.length, 0);
  });

  it('stops past the budget and offers Show Logs, which opens the logs', async () => {
    const responder = new ServerCrashResponder(new RestartPolicy(1, 3 * 60_000, () => 0), commandIds);
    responder.onConnectionClosed();
    mock.nextMessageChoice = 'Show Logs';
    assert.equal(responder.onConnectionClosed(), 'stop');
    await flush();
    assert.equal(mock.messages.length, 1);
    assert.equal(mock.messages[0].severity, 'error');
    assert.match(mock.messages[0].message, /stopped 2 times in 3 minutes/);
    assert.deepEqual(mock.messages[0].items, ['Show Logs', 'Restart Server']);
    assert.deepEqual(mock.executedCommands.map((c) => c.command), ['test.showLogs']);
  });

  it('offers a restart, and a manual restart clears the crash history', async () => {
    const responder = new ServerCrashResponder(new RestartPolicy(0, 60_000, () => 0), commandIds);
    mock.nextMessageChoice = 'Restart Server';
    assert.equal(responder.onConnectionClosed(), 'stop');
    await flush();
    assert.deepEqual(mock.executedCommands.map((c) => c.command), ['test.restart']);

    const policy = new RestartPolicy(1, 60_000, () => 0);
    const second = new ServerCrashResponder(policy, commandIds);
    second.onConnectionClosed();
    second.onManualRestart();
    assert.equal(second.onConnectionClosed(), 'restart');
  });

  it('explains a start failure, with a hint when dotnet is missing', async () => {
    const responder = new ServerCrashResponder(new RestartPolicy(), commandIds);
    responder.onStartFailed(new Error('spawn dotnet ENOENT'));
    responder.onStartFailed('Server initialization failed');
    await flush();
    assert.match(mock.messages[0].message, /could not be started: spawn dotnet ENOENT\..*\.NET 10 runtime/);
    assert.doesNotMatch(mock.messages[1].message, /\.NET 10 runtime/);
    assert.deepEqual(mock.messages[1].items, ['Show Logs', 'Restart Server']);
  });
});
