import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RestartPolicy } from '../../src/server/restart-policy';

class Clock {
  time = 0;
  readonly now = () => this.time;
}

describe('RestartPolicy', () => {
  it('restarts up to the limit within the window, then stops', () => {
    const clock = new Clock();
    const policy = new RestartPolicy(3, 60_000, clock.now);
    const decisions = [1, 2, 3, 4].map(() => {
      clock.time += 1_000;
      return policy.shouldRestart();
    });
    assert.deepEqual(decisions, [true, true, true, false]);
    assert.equal(policy.recentCrashes, 4);
  });

  it('forgets crashes older than the window', () => {
    const clock = new Clock();
    const policy = new RestartPolicy(2, 60_000, clock.now);
    assert.equal(policy.shouldRestart(), true);
    clock.time = 30_000;
    assert.equal(policy.shouldRestart(), true);
    clock.time = 60_001; // the first crash left the window
    assert.equal(policy.shouldRestart(), true);
    clock.time = 60_002;
    assert.equal(policy.shouldRestart(), false);
  });

  it('starts counting again after a manual reset', () => {
    const clock = new Clock();
    const policy = new RestartPolicy(1, 60_000, clock.now);
    assert.equal(policy.shouldRestart(), true);
    assert.equal(policy.shouldRestart(), false);
    policy.reset();
    assert.equal(policy.recentCrashes, 0);
    assert.equal(policy.shouldRestart(), true);
  });

  it('never restarts with a limit of zero', () => {
    assert.equal(new RestartPolicy(0, 1_000, () => 0).shouldRestart(), false);
  });

  it('rejects nonsensical limits', () => {
    assert.throws(() => new RestartPolicy(-1, 1_000), RangeError);
    assert.throws(() => new RestartPolicy(1.5, 1_000), RangeError);
    assert.throws(() => new RestartPolicy(1, 0), RangeError);
  });
});
