import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AssistantServerCommands, type LspRange } from '../../src/protocol/assistant-protocol';
import { ServerCommandRouter, type ServerCommandViews } from '../../src/server/server-command-router';

class RecordingViews implements ServerCommandViews {
  readonly explained: { uri: string; range: LspRange }[] = [];
  readonly reasoningShown: unknown[][] = [];
  explainRange(uri: string, range: LspRange): Promise<void> {
    this.explained.push({ uri, range });
    return Promise.resolve();
  }
  showActionReasoning(...args: unknown[]): void {
    this.reasoningShown.push(args);
  }
}

const setup = () => {
  const views = new RecordingViews();
  const errors: string[] = [];
  const forwarded: { command: string; args: unknown[] }[] = [];
  const router = new ServerCommandRouter(views, (message) => errors.push(message));
  const next = (command: string, args: unknown[]) => {
    forwarded.push({ command, args });
    return `server answered ${command}`;
  };
  return { views, errors, forwarded, router, next };
};

const range = { start: { line: 3, character: 0 }, end: { line: 7, character: 12 } };

describe('ServerCommandRouter', () => {
  it('opens the explain view for the server\'s explain command and never sends it to the server', () => {
    const { views, forwarded, router, next } = setup();
    const result = router.executeCommand(AssistantServerCommands.explainSelection, [{ uri: 'file:///work/calc.ts', range }], next);
    assert.equal(result, undefined);
    assert.deepEqual(views.explained, [{ uri: 'file:///work/calc.ts', range }]);
    assert.deepEqual(forwarded, []);
  });

  it('shows the reasoning of the server\'s show-reasoning command and never sends it to the server', () => {
    const { views, forwarded, router, next } = setup();
    const args = [{ title: 'Add a null check', reasoning: '`x` can be null.' }];
    router.executeCommand(AssistantServerCommands.showReasoning, args, next);
    assert.deepEqual(views.reasoningShown, [args]);
    assert.deepEqual(forwarded, []);
  });

  for (const command of [AssistantServerCommands.completionAccepted, 'assistantLsp.somethingElse']) {
    it(`forwards ${command} to the server with its arguments and returns the server's answer`, () => {
      const { views, forwarded, router, next } = setup();
      const result = router.executeCommand(command, [{ id: 7 }], next);
      assert.equal(result, `server answered ${command}`);
      assert.deepEqual(forwarded, [{ command, args: [{ id: 7 }] }]);
      assert.deepEqual(views.explained, []);
      assert.deepEqual(views.reasoningShown, []);
    });
  }

  it('reports a malformed explain command instead of running or forwarding it', () => {
    const { views, errors, forwarded, router, next } = setup();
    router.executeCommand(AssistantServerCommands.explainSelection, [{ uri: 'file:///work/calc.ts' }], next);
    assert.deepEqual(views.explained, []);
    assert.deepEqual(forwarded, []);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /document range/);
  });

  const targets: [string, unknown[], boolean][] = [
    ['well formed', [{ uri: 'file:///a.ts', range }], true],
    ['extra fields ignored', [{ uri: 'file:///a.ts', range, question: 'why?' }], true],
    ['no arguments', [], false],
    ['null argument', [null], false],
    ['blank uri', [{ uri: ' ', range }], false],
    ['uri not a string', [{ uri: 5, range }], false],
    ['range missing end', [{ uri: 'file:///a.ts', range: { start: { line: 0, character: 0 } } }], false],
    ['negative line', [{ uri: 'file:///a.ts', range: { start: { line: -1, character: 0 }, end: { line: 0, character: 0 } } }], false],
    ['fractional character', [{ uri: 'file:///a.ts', range: { start: { line: 0, character: 0.5 }, end: { line: 0, character: 1 } } }], false],
  ];
  for (const [name, args, valid] of targets) {
    it(`reads the explain target: ${name}`, () => {
      const target = ServerCommandRouter.readExplainTarget(args);
      assert.deepEqual(target, valid ? { uri: 'file:///a.ts', range } : undefined);
    });
  }
});
