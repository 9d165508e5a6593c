import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import { ServerLogLines, type LevelledLog, type LogChannelLevel } from '../../src/server/server-log-lines';

function recorder(): { log: LevelledLog; lines: [LogChannelLevel, string][] } {
  const lines: [LogChannelLevel, string][] = [];
  const at = (level: LogChannelLevel) => (message: string) => void lines.push([level, message]);
  return { lines, log: { trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('ServerLogLines', () => {
  const cases: [string, LogChannelLevel, string][] = [
    ['[12:00:01 VRB] tokens 1..4', 'trace', 'tokens 1..4'],
    ['[12:00:01 DBG] cache hit', 'debug', 'cache hit'],
    ['[12:00:01 INF] Reasoning model: Ready /m', 'info', 'Reasoning model: Ready /m'],
    ['[12:00:01 WRN] Setting ignored', 'warn', 'Setting ignored'],
    ['[12:00:01 ERR] load failed', 'error', 'load failed'],
    ['[12:00:01 FTL] crashed', 'error', 'crashed'],
  ];
  for (const [line, level, message] of cases) {
    it(`logs "${line}" at ${level}, without Serilog's prefix`, () => {
      const { log, lines } = recorder();
      new ServerLogLines(log).write(line);
      assert.deepEqual(lines, [[level, message]]);
    });
  }

  it('continues the previous level on lines without a prefix and skips blank ones', () => {
    const { log, lines } = recorder();
    const reader = new ServerLogLines(log);
    reader.write('[12:00:01 WRN] something odd');
    reader.write('   at Stack.Frame()');
    reader.write('');
    reader.write('[12:00:02 INF] fine again');
    assert.deepEqual(lines, [['warn', 'something odd'], ['warn', '   at Stack.Frame()'], ['info', 'fine again']]);
  });

  it('treats text before any prefix (the runtime failing to start) as an error', () => {
    const { log, lines } = recorder();
    new ServerLogLines(log).write('You must install .NET to run this application.');
    assert.deepEqual(lines, [['error', 'You must install .NET to run this application.']]);
  });

  it('does not mistake a bracketed message for a level', () => {
    assert.equal(ServerLogLines.parse('[INF] not our format'), undefined);
    assert.equal(ServerLogLines.parse('[12:00:01 XYZ] unknown'), undefined);
  });

  it('reads a stream line by line', async () => {
    const { log, lines } = recorder();
    const input = new PassThrough();
    ServerLogLines.pipe(input, log);
    input.write('[12:00:01 DBG] a\n[12:00:01 ERR] b\r\n');
    input.end();
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(lines, [['debug', 'a'], ['error', 'b']]);
  });
});
