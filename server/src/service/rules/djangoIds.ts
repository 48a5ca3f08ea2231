// In which Django series each check id we mirror exists, within the supported range (3.2 to 6.1). Read from the
// sources of Django 3.2.25, 4.2.28, 5.2.18 and 6.1.1 (test/django/sources.test.ts checks every entry against them);
// where a change fell between those series (4.0, 4.1, 5.0, 5.1, 6.0), from the upstream commit or release note.
// Rules use it to decide whether an id applies to the project's version; docs/rules pages state it.
import { versionAtLeast } from '../project/dependencies';

export interface Series {
  major: number;
  minor: number;
}

interface IdSeries {
  /** The first series that reports the id (3.2 for every id older than the supported range). */
  since: Series;
  /** The last series that reports it, when it was removed. */
  until?: Series;
  /** Registered with deploy=True: only `check --deploy` runs it. */
  deploy: boolean;
}

const v = (text: string): Series => {
  const [major, minor] = text.split('.').map(Number);
  return { major, minor };
};
const deploy = (since: string, until?: string): IdSeries => ({ since: v(since), until: until ? v(until) : undefined, deploy: true });
const always = (since: string, until?: string): IdSeries => ({ since: v(since), until: until ? v(until) : undefined, deploy: false });

export const DJANGO_ID_SERIES: Readonly<Record<string, IdSeries>> = {
  'security.W001': deploy('3.2'),
  'security.W002': deploy('3.2'),
  'security.W003': deploy('3.2'),
  'security.W004': deploy('3.2'),
  'security.W005': deploy('3.2'),
  'security.W006': deploy('3.2'),
  'security.W008': deploy('3.2'),
  'security.W009': deploy('3.2'),
  'security.W010': deploy('3.2'),
  'security.W011': deploy('3.2'),
  'security.W012': deploy('3.2'),
  'security.W013': deploy('3.2'),
  'security.W014': deploy('3.2'),
  'security.W015': deploy('3.2'),
  'security.W016': deploy('3.2'),
  'security.W018': deploy('3.2'),
  'security.W019': deploy('3.2'),
  'security.W020': deploy('3.2'),
  'security.W021': deploy('3.2'),
  'security.W022': deploy('3.2'),
  'security.E023': deploy('3.2'),
  // db5b75f10f (Django 4.0).
  'security.E024': deploy('4.0'),
  // 0dcd549bbe (Django 4.1), with the SECRET_KEY_FALLBACKS setting.
  'security.W025': deploy('4.1'),
  // d63241ebc7 (Django 6.0), with SECURE_CSP; not a deploy check.
  'security.E026': always('6.0'),
  // 62fa9b8976 (Django 6.1); not a deploy check.
  'security.W027': always('6.1'),
  // Added in 3.1 for the transitional DEFAULT_HASHING_ALGORITHM, removed with it in 4.0 (0aa6a602b2).
  'security.E100': always('3.2', '3.2'),
  'security.E101': always('3.2'),
  'security.E102': always('3.2'),
  'caches.E001': always('3.2'),
  'caches.W002': deploy('3.2'),
  'caches.W003': always('3.2'),
  'async.E001': deploy('3.2'),
  // Django 6.1, with MAILERS (0f581cd29d).
  'mail.E001': deploy('6.1'),
  'mail.W001': always('6.1'),
  '4_0.E001': always('4.0'),
  // An ImproperlyConfigured error instead of a check since 5.1.
  'templates.E001': always('3.2', '5.0'),
};

/** Whether Django `version` reports `djangoId` at all (unknown ids: yes). */
export function djangoIdApplies(djangoId: string, version: Series): boolean {
  const range = DJANGO_ID_SERIES[djangoId];
  if (!range) return true;
  if (!versionAtLeast(version, range.since.major, range.since.minor)) return false;
  return !range.until || !versionAtLeast(version, range.until.major, range.until.minor + 1);
}

const show = (series: Series): string => `${series.major}.${series.minor}`;

/** "4.0+", "3.2 only", "3.2–5.0": the series that report the id, as the docs state them. */
export function describeIdSeries(djangoId: string): string | undefined {
  const range = DJANGO_ID_SERIES[djangoId];
  if (!range) return undefined;
  if (!range.until) return `${show(range.since)}+`;
  return show(range.since) === show(range.until) ? `${show(range.since)} only` : `${show(range.since)}–${show(range.until)}`;
}
