import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ActionReasoningReader } from '../../src/explain/action-reasoning';

describe('ActionReasoningReader', () => {
  const cases: [string, unknown[], { title: string; reasoning: string } | undefined][] = [
    ['plain string', ['because'], { title: 'Code action', reasoning: 'because' }],
    ['object with reasoning', [{ title: 'Add null check', reasoning: 'x may be null' }], { title: 'Add null check', reasoning: 'x may be null' }],
    ['code action with data', [{ title: 'Extract method', data: { reasoning: 'too long' } }], { title: 'Extract method', reasoning: 'too long' }],
    ['data with its own title', [{ data: { title: 'Rename', reasoning: 'unclear' } }], { title: 'Rename', reasoning: 'unclear' }],
    ['first usable argument wins', [null, 3, { reasoning: '  ' }, { reasoning: 'second' }], { title: 'Code action', reasoning: 'second' }],
    ['blank reasoning', ['   '], undefined],
    ['no arguments', [], undefined],
    ['wrong types', [{ reasoning: 42, data: { reasoning: false } }], undefined],
  ];
  for (const [name, args, expected] of cases) {
    it(name, () => assert.deepEqual(ActionReasoningReader.read(args), expected));
  }
});
