// Which files the server watches on disk, and what a change to one of them means: re-analyse the projects
// that read it, or look for projects again because what discovery found may have changed.

/**
 * Glob patterns registered for `workspace/didChangeWatchedFiles`: what analysis reads, and every file a fix
 * creates (templates anywhere, static assets, folder placeholders), so a fix planned before such a file
 * appeared is planned again.
 */
export const WATCHED_GLOBS = [
  '**/*.py',
  '**/templates/**',
  '**/*.{html,htm}',
  '**/{static,assets}/**',
  '**/.gitkeep',
  '**/*.{conf,ini}',
  '**/{pyproject.toml,Pipfile,Pipfile.lock,poetry.lock,uv.lock,setup.cfg}',
  '**/requirements*.{txt,in}',
  '**/requirements/*.{txt,in}',
  // How production runs (deploy/): Dockerfiles, compose and Kubernetes YAML, Procfile, units, scripts, env files.
  '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile,Procfile,Procfile.*,app.json,run,type}',
  '**/*.{yml,yaml,service,sh,j2,env}',
  '**/.env*',
  '**/{env.d,bin,docker}/**',
  '**/gunicorn*',
];

export { changeNeedsRediscovery, feedsDiscovery, isIgnoredPath } from '../service/index';
