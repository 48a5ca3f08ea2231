// The database and cache URL conventions of dj-database-url and django-environ, turned into the settings
// dictionaries those libraries build, so `DATABASES = {"default": env.db()}` can be judged like a literal dict.

const DATABASE_ENGINES: Record<string, string> = {
  postgres: 'django.db.backends.postgresql',
  postgresql: 'django.db.backends.postgresql',
  pgsql: 'django.db.backends.postgresql',
  psql: 'django.db.backends.postgresql',
  postgis: 'django.contrib.gis.db.backends.postgis',
  timescale: 'timescale.db.backends.postgresql',
  cockroach: 'django_cockroachdb',
  mysql: 'django.db.backends.mysql',
  mysql2: 'django.db.backends.mysql',
  mysqlgis: 'django.contrib.gis.db.backends.mysql',
  'mysql-connector': 'mysql.connector.django',
  mariadb: 'django.db.backends.mysql',
  oracle: 'django.db.backends.oracle',
  oraclegis: 'django.contrib.gis.db.backends.oracle',
  redshift: 'django_redshift_backend',
  mssql: 'mssql',
  sqlite: 'django.db.backends.sqlite3',
  spatialite: 'django.contrib.gis.db.backends.spatialite',
};

const CACHE_BACKENDS: Record<string, string> = {
  dbcache: 'django.core.cache.backends.db.DatabaseCache',
  dummycache: 'django.core.cache.backends.dummy.DummyCache',
  filecache: 'django.core.cache.backends.filebased.FileBasedCache',
  locmemcache: 'django.core.cache.backends.locmem.LocMemCache',
  memcache: 'django.core.cache.backends.memcached.PyMemcacheCache',
  pymemcache: 'django.core.cache.backends.memcached.PyMemcacheCache',
  pylibmc: 'django.core.cache.backends.memcached.PyLibMCCache',
  rediscache: 'django_redis.cache.RedisCache',
  redis: 'django_redis.cache.RedisCache',
  rediss: 'django_redis.cache.RedisCache',
};

export type PlainSetting = string | number | boolean | null | { [key: string]: PlainSetting };

interface ParsedUrl {
  scheme: string;
  user: string;
  password: string;
  host: string;
  port: string;
  path: string;
  query: URLSearchParams;
}

function splitUrl(url: string): ParsedUrl | undefined {
  const match = /^([A-Za-z][\w+.-]*):\/\/(.*)$/s.exec(url.trim());
  if (!match) return undefined;
  const scheme = match[1].toLowerCase();
  let rest = match[2];
  let query = new URLSearchParams();
  const q = rest.indexOf('?');
  if (q >= 0) {
    query = new URLSearchParams(rest.slice(q + 1));
    rest = rest.slice(0, q);
  }
  const slash = rest.indexOf('/');
  const authority = slash >= 0 ? rest.slice(0, slash) : rest;
  const path = slash >= 0 ? rest.slice(slash) : '';
  const at = authority.lastIndexOf('@');
  const credentials = at >= 0 ? authority.slice(0, at) : '';
  const hostPort = at >= 0 ? authority.slice(at + 1) : authority;
  const colon = credentials.indexOf(':');
  const user = decodeURIComponent(colon >= 0 ? credentials.slice(0, colon) : credentials);
  const password = colon >= 0 ? decodeURIComponent(credentials.slice(colon + 1)) : '';
  const portMatch = /^(.*?)(?::(\d+))?$/.exec(hostPort)!;
  return { scheme, user, password, host: decodeURIComponent(portMatch[1]), port: portMatch[2] ?? '', path, query };
}

export interface UrlConventions {
  /** Old dj-database-url (< 0.6) and django-environ (< 0.5) name PostgreSQL's backend `postgresql_psycopg2`. */
  legacyPostgresName: boolean;
  /** django-environ >= 0.10 on Django >= 4.0 maps redis:// to Django's own RedisCache. */
  djangoRedisCache: boolean;
}

const MODERN: UrlConventions = { legacyPostgresName: false, djangoRedisCache: false };

/** The DATABASES entry a database URL stands for (dj-database-url / django-environ conventions). */
export function parseDatabaseUrl(url: string, engineOverride?: string, conventions: UrlConventions = MODERN): Record<string, PlainSetting> | undefined {
  if (url === 'sqlite://:memory:' || url === 'sqlite://') {
    return { ENGINE: engineOverride ?? DATABASE_ENGINES.sqlite, NAME: ':memory:' };
  }
  const parts = splitUrl(url);
  if (!parts) return undefined;
  let engine = engineOverride ?? DATABASE_ENGINES[parts.scheme];
  if (!engine) return undefined;
  if (conventions.legacyPostgresName && engine === 'django.db.backends.postgresql') engine = 'django.db.backends.postgresql_psycopg2';
  if (parts.scheme === 'sqlite' || parts.scheme === 'spatialite') {
    // sqlite:////abs/path.db -> /abs/path.db ; sqlite:///relative.db -> relative.db
    const name = parts.path.startsWith('//') ? parts.path.slice(1) : parts.path.replace(/^\//, '');
    return { ENGINE: engine, NAME: name || ':memory:', USER: '', PASSWORD: '', HOST: '', PORT: '' };
  }
  const config: Record<string, PlainSetting> = {
    ENGINE: engine,
    NAME: decodeURIComponent(parts.path.replace(/^\//, '')),
    USER: parts.user,
    PASSWORD: parts.password,
    HOST: parts.host,
    PORT: parts.port ? Number(parts.port) : '',
  };
  const options: Record<string, PlainSetting> = {};
  for (const [key, value] of parts.query) {
    if (key === 'conn_max_age') config.CONN_MAX_AGE = Number(value);
    else if (key === 'conn_health_checks') config.CONN_HEALTH_CHECKS = value.toLowerCase() === 'true';
    else options[key] = value;
  }
  if (Object.keys(options).length) config.OPTIONS = options;
  return config;
}

const EMAIL_BACKENDS: Record<string, string> = {
  smtp: 'django.core.mail.backends.smtp.EmailBackend',
  smtps: 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+tls': 'django.core.mail.backends.smtp.EmailBackend',
  'smtp+ssl': 'django.core.mail.backends.smtp.EmailBackend',
  consolemail: 'django.core.mail.backends.console.EmailBackend',
  filemail: 'django.core.mail.backends.filebased.EmailBackend',
  memorymail: 'django.core.mail.backends.locmem.EmailBackend',
  dummymail: 'django.core.mail.backends.dummy.EmailBackend',
  amazonses: 'django_ses.SESBackend',
  'amazon-ses': 'django_ses.SESBackend',
};

/** The settings names django-environ's `env.email_url()` always sets. */
export const EMAIL_URL_SETTINGS = ['EMAIL_FILE_PATH', 'EMAIL_HOST_USER', 'EMAIL_HOST_PASSWORD', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_BACKEND'];

/** The EMAIL_* settings an e-mail URL stands for (django-environ's `email_url_config`). */
export function parseEmailUrl(url: string): Record<string, PlainSetting> | undefined {
  const parts = splitUrl(url);
  const backend = parts && EMAIL_BACKENDS[parts.scheme];
  if (!parts || !backend) return undefined;
  const config: Record<string, PlainSetting> = {
    EMAIL_FILE_PATH: decodeURIComponent(parts.path.replace(/^\//, '').replace(/\+/g, ' ')),
    EMAIL_HOST_USER: parts.user,
    EMAIL_HOST_PASSWORD: parts.password,
    EMAIL_HOST: parts.host || null,
    EMAIL_PORT: parts.port ? Number(parts.port) : null,
    EMAIL_BACKEND: backend,
  };
  if (parts.scheme === 'smtps' || parts.scheme === 'smtp+tls') config.EMAIL_USE_TLS = true;
  if (parts.scheme === 'smtp+ssl') config.EMAIL_USE_SSL = true;
  return config;
}

/** The CACHES entry a cache URL stands for (django-environ conventions). */
export function parseCacheUrl(url: string, conventions: UrlConventions = MODERN): Record<string, PlainSetting> | undefined {
  const parts = splitUrl(url);
  if (!parts) return undefined;
  let backend = CACHE_BACKENDS[parts.scheme];
  if (conventions.djangoRedisCache && backend === 'django_redis.cache.RedisCache') backend = 'django.core.cache.backends.redis.RedisCache';
  if (!backend) return undefined;
  const config: Record<string, PlainSetting> = { BACKEND: backend };
  if (parts.scheme === 'filecache') config.LOCATION = parts.path;
  else if (parts.scheme.startsWith('redis')) config.LOCATION = url.split('?')[0];
  else if (parts.host || parts.path) config.LOCATION = parts.host ? `${parts.host}${parts.port ? `:${parts.port}` : ''}` : parts.path;
  return config;
}
