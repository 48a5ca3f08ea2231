import * as fs from 'node:fs';
import * as path from 'node:path';

declare const __DJANGO_READY_VERSION__: string | undefined;

/** The package version: inlined into the bundles at build time, read from package.json when run unbundled (tests). */
export function toolVersion(): string {
  if (typeof __DJANGO_READY_VERSION__ === 'string') return __DJANGO_READY_VERSION__;
  for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
    try {
      const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'django-ready' && pkg.version) return pkg.version;
    } catch {
      // keep looking upwards
    }
  }
  return '0.0.0';
}

export const TOOL_NAME = 'django-ready';
export const TOOL_URL = 'https://github.com/django-ready/django-ready';
