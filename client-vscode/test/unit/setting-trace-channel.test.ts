import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SettingTraceChannel } from '../../src/server/setting-trace-channel';
import { LogLevel } from '../mocks/vscode';

describe('SettingTraceChannel.levelFor', () => {
  // languageclient traces only while its trace channel reports Trace: the setting alone decides.
  const cases: [string | undefined, LogLevel][] = [
    ['verbose', LogLevel.Trace],
    ['messages', LogLevel.Trace],
    ['off', LogLevel.Off],
    [undefined, LogLevel.Off],
  ];
  for (const [setting, level] of cases) {
    it(`${String(setting)} → ${LogLevel[level]}`, () => assert.equal(SettingTraceChannel.levelFor(setting), level));
  }
});
