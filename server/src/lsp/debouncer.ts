// Runs the latest task scheduled under a key once things have been quiet for a while. A new schedule for the
// same key replaces the pending task, so work for an outdated state is never started.
export class Debouncer {
  private readonly pending = new Map<string, { timer: NodeJS.Timeout; task: () => void }>();

  constructor(private readonly delayMs: number) {}

  schedule(key: string, task: () => void): void {
    this.cancel(key);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      task();
    }, this.delayMs);
    this.pending.set(key, { timer, task });
  }

  isPending(key: string): boolean {
    return this.pending.has(key);
  }

  /** Runs a pending task now (e.g. before answering a request that must see fresh results). */
  flush(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    this.cancel(key);
    entry.task();
  }

  flushAll(): void {
    for (const key of [...this.pending.keys()]) this.flush(key);
  }

  cancel(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.pending.delete(key);
  }

  dispose(): void {
    for (const key of [...this.pending.keys()]) this.cancel(key);
  }
}
