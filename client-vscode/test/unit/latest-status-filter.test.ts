import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ModelStatus } from '../../src/protocol/assistant-protocol';
import { LatestStatusFilter } from '../../src/status/latest-status-filter';

const status = (state: ModelStatus['state'], revision?: number): ModelStatus => ({ state, model: '/m', revision });

describe('LatestStatusFilter', () => {
  it('drops a "loading" answer that arrives after the newer "ready" notification', () => {
    const filter = new LatestStatusFilter();
    assert.equal(filter.accept(status('loading', 1)), true);
    assert.equal(filter.accept(status('ready', 2)), true);
    // The assistant/status answer computed at revision 1, written after the notification.
    assert.equal(filter.accept(status('loading', 1)), false);
  });

  it('takes a status of the same revision (an answer computed between a change and its notification)', () => {
    const filter = new LatestStatusFilter();
    assert.equal(filter.accept(status('ready', 3)), true);
    assert.equal(filter.accept(status('ready', 3)), true);
    assert.equal(filter.accept(status('loading', 4)), true);
  });

  it('lets everything through from a server that sends no revision', () => {
    const filter = new LatestStatusFilter();
    assert.equal(filter.accept(status('ready', 5)), true);
    assert.equal(filter.accept(status('loading')), true);
    assert.equal(filter.accept(status('ready')), true);
  });
});
