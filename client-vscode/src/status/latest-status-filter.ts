import type { ModelStatus } from '../protocol/assistant-protocol';

/**
 * Keeps only the newest model status. The server's `assistant/statusChanged` notifications and
 * its answer to `assistant/status` can cross on the wire (an answer computed before a load ended
 * may arrive after the "ready" notification); each carries a `revision` that grows with every
 * change, so one lower than the highest seen is stale. A new server process starts again from 0:
 * make a new filter per connection.
 */
export class LatestStatusFilter {
  private highest = -1;

  accept(status: ModelStatus): boolean {
    const revision = status.revision;
    // Servers without revisions: everything goes through, as before.
    if (typeof revision !== 'number' || !Number.isFinite(revision)) return true;
    if (revision < this.highest) return false;
    this.highest = revision;
    return true;
  }
}
