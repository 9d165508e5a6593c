/**
 * Decides whether a crashed server is started again: at most `maxRestarts` restarts within a
 * sliding window of `windowMs`; past that the server stays stopped until the user restarts it.
 */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(
    readonly maxRestarts = 4,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) throw new RangeError('maxRestarts must be a non-negative integer');
    if (!(windowMs > 0)) throw new RangeError('windowMs must be positive');
  }

  /** Records a crash; true when the server should be restarted. */
  shouldRestart(): boolean {
    const time = this.now();
    this.crashes = this.crashes.filter((t) => time - t < this.windowMs);
    this.crashes.push(time);
    return this.crashes.length <= this.maxRestarts;
  }

  /** Crashes counted in the current window. */
  get recentCrashes(): number {
    const time = this.now();
    return this.crashes.filter((t) => time - t < this.windowMs).length;
  }

  /** Forgets past crashes (after a restart the user asked for). */
  reset(): void {
    this.crashes = [];
  }
}
