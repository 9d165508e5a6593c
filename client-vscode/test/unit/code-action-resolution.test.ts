import assert from 'node:assert/strict';
import { beforeEach, describe, it } from 'node:test';
import type * as vscode from 'vscode';
import { CodeActionResolution } from '../../src/server/code-action-resolution';
import { CancellationTokenSource, mock, ProgressLocation } from '../mocks/vscode';

const flush = () => new Promise((resolve) => setImmediate(resolve));

function action(extra: Partial<vscode.CodeAction> = {}): vscode.CodeAction {
  return { title: 'Add documentation comment', ...extra } as vscode.CodeAction;
}

describe('CodeActionResolution', () => {
  beforeEach(() => mock.reset());

  it('shows a cancellable progress notification while the action resolves and returns the edit', async () => {
    const shown: unknown[] = [];
    const resolution = new CodeActionResolution((r) => shown.push(r));
    const edit = {} as vscode.WorkspaceEdit;
    const command = { title: 'Show the reasoning', command: 'x', arguments: [{ reasoning: 'why' }] };
    const resolved = await resolution.resolve(action(), new CancellationTokenSource().token as vscode.CancellationToken, async () => action({ edit, command }));
    assert.equal(mock.progress.length, 1);
    assert.equal(mock.progress[0].options.location, ProgressLocation.Notification);
    assert.equal(mock.progress[0].options.cancellable, true);
    assert.match(mock.progress[0].options.title ?? '', /Add documentation comment/);
    assert.equal(resolved?.edit, edit);
    assert.equal(resolved?.command, command);
    assert.equal(mock.messages.length, 0);
    assert.deepEqual(shown, []);
  });

  it('Cancel on the notification cancels the resolve request', async () => {
    const resolution = new CodeActionResolution(() => undefined);
    let seen: vscode.CancellationToken | undefined;
    const pending = resolution.resolve(action(), new CancellationTokenSource().token as vscode.CancellationToken, (_item, token) => {
      seen = token;
      return new Promise((resolve) => token.onCancellationRequested(() => resolve(null)));
    });
    await flush();
    mock.progress[0].cancel();
    assert.equal(await pending, null);
    assert.equal(seen?.isCancellationRequested, true);
  });

  it('a disabled result says it failed, drops the reasoning command and edit, and offers the reasoning', async () => {
    const shown: { title: string; reasoning: string; failed?: string }[] = [];
    const resolution = new CodeActionResolution((r) => shown.push(r));
    const reason = 'The answer has 2 code blocks where exactly one was asked for; which to apply is unclear.';
    mock.nextMessageChoice = 'Show Reasoning';
    const resolved = await resolution.resolve(action(), new CancellationTokenSource().token as vscode.CancellationToken, async () =>
      action({ disabled: { reason }, command: { title: 'Show the reasoning', command: 'x', arguments: [{ title: 't', reasoning: 'thought' }] } }),
    );
    await flush();
    assert.equal(resolved?.command, undefined);
    assert.equal(resolved?.edit, undefined);
    assert.equal(mock.messages.length, 1);
    assert.equal(mock.messages[0].severity, 'warning');
    assert.match(mock.messages[0].message, /"Add documentation comment" failed, nothing was changed\. The answer has 2 code blocks/);
    assert.deepEqual(shown, [{ title: 'Add documentation comment', reasoning: 'thought', failed: reason }]);
    // The server's own message for other editors is recognised once, then no more.
    assert.equal(await resolution.isOwnReport(`Add documentation comment: ${reason}`), true);
    assert.equal(await resolution.isOwnReport(`Add documentation comment: ${reason}`), false);
  });

  it('holds the server\'s message that arrives before the resolve response, then drops it as a duplicate', async () => {
    const resolution = new CodeActionResolution(() => undefined);
    const reason = 'The answer has no fenced code block to apply.';
    let respond!: (value: vscode.CodeAction) => void;
    const pending = resolution.resolve(action(), new CancellationTokenSource().token as vscode.CancellationToken, () => new Promise((resolve) => (respond = resolve)));
    const verdict = resolution.isOwnReport(`Add documentation comment: ${reason}`);
    const unrelated = await resolution.isOwnReport('Setting ignored');
    respond(action({ disabled: { reason } }));
    await pending;
    assert.equal(await verdict, true);
    assert.equal(unrelated, false);
  });
});
