// Runs the real `manage.py check --deploy` (Debian's Django 3.2 under /usr/bin/python3) and reads the check ids
// it reports. Processes run a few at a time, each bounded by a timeout, with a clean environment.
import { execFile } from 'node:child_process';
import { SYSTEM_PYTHON } from '../helpers/paths';

/** The ids both sides are compared on: every security check, and the file-cache check we implement. */
export const COMPARED_ID = /^(security\.[EW]\d{3}|caches\.W003)$/;
const REPORTED_ID = /\((security\.[EW]\d{3}|caches\.W003)\)/g;

export interface DjangoCheckResult {
  ids: string[];
  output: string;
  /** False when Django crashed before it could report (a traceback instead of "System check identified ..."). */
  ran: boolean;
}

const TIMEOUT_MS = 60_000;

export function runDeployCheck(root: string, settingsModule: string, env: Record<string, string> = {}): Promise<DjangoCheckResult> {
  const environment: Record<string, string> = {
    PATH: process.env.PATH ?? '/usr/bin:/bin',
    HOME: process.env.HOME ?? root,
    LANG: 'C.UTF-8',
    PYTHONDONTWRITEBYTECODE: '1',
    DJANGO_SETTINGS_MODULE: settingsModule,
    ...env,
  };
  return new Promise((resolve) => {
    execFile(SYSTEM_PYTHON, ['manage.py', 'check', '--deploy'], { cwd: root, env: environment, timeout: TIMEOUT_MS, encoding: 'utf8' }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`;
      const ids = [...new Set([...output.matchAll(REPORTED_ID)].map((match) => match[1]))].sort();
      const ran = /System check identified (no issues|some issues)/.test(output) && !(error && 'killed' in error && error.killed);
      resolve({ ids, output, ran });
    });
  });
}

/** Runs `task` over `items` with at most `limit` in flight; results keep the items' order. */
export async function mapLimit<T, R>(items: T[], limit: number, task: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
