// Timings the server keeps about itself (the last few hundred only), answered by `djangoReady/stats` so a
// benchmark can tell the server's own work from the debounce and the transport.
import type { ServerStats } from '../protocol';

const KEPT = 256;

function keep<T>(list: T[], item: T): void {
  list.push(item);
  if (list.length > KEPT) list.shift();
}

export class ServerTimings {
  private readonly changes: ServerStats['changes'] = [];
  private readonly analyses: ServerStats['analyses'] = [];

  change(uri: string, version: number, ms: number): void {
    keep(this.changes, { uri, version, ms });
  }

  analysis(project: string, ms: number, cpuMs: number, versions: ReadonlyMap<string, number>): void {
    keep(this.analyses, { project, ms, cpuMs, versions: Object.fromEntries(versions) });
  }

  stats(parsed: ServerStats['parsed']): ServerStats {
    const memory = process.memoryUsage();
    return {
      changes: [...this.changes],
      analyses: [...this.analyses],
      memory: { rss: memory.rss, heapUsed: memory.heapUsed, maxRss: process.resourceUsage().maxRSS * 1024 },
      parsed,
    };
  }
}
