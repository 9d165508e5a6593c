import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ClientCapabilities } from 'vscode-languageclient/node';
import { WorkDoneProgressOptOut } from '../../src/server/work-done-progress-opt-out';

describe('WorkDoneProgressOptOut', () => {
  it('turns off work-done progress that an earlier feature declared, keeping the rest of window', () => {
    const capabilities: ClientCapabilities = { window: { workDoneProgress: true, showDocument: { support: true } } };
    new WorkDoneProgressOptOut().fillClientCapabilities(capabilities);
    assert.deepEqual(capabilities.window, { workDoneProgress: false, showDocument: { support: true } });
  });

  it('adds the window section when missing', () => {
    const capabilities: ClientCapabilities = {};
    new WorkDoneProgressOptOut().fillClientCapabilities(capabilities);
    assert.deepEqual(capabilities.window, { workDoneProgress: false });
    assert.deepEqual(new WorkDoneProgressOptOut().getState(), { kind: 'static' });
  });
});
