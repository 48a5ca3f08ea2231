// error-reporting: someone hears about server errors (ADMINS with Django's mail handler, a LOGGING handler of
// an error tracker, or an error tracker the project installs), and visitors get the project's own 404 and 500
// pages rather than Django's bare ones.
import * as path from 'node:path';
import { hasDependency } from '../project/dependencies';
import { alternatives, dictGet, truthy, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import { errorPageContent, ERROR_PAGES, findPage, templateFolders } from './errorPages';
import { customErrorHandlers, isApiOnly } from './templates/servedPages';
import { makeFinding } from '../finding';
import { shortPath } from './projectPaths';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';
import { chainOf } from './settingsEntries';

const NO_ERROR_REPORTING = defineCode({
  code: 'DR851',
  area: 'error-reporting',
  title: 'Server errors are not reported to anyone',
  severity: 'info',
});

const MISSING_ERROR_PAGE = defineCode({
  code: 'DR852',
  area: 'error-reporting',
  title: 'Custom error page missing',
  severity: 'info',
  fixable: true,
  settings: [],
});

const ADMIN_EMAIL_HANDLER = 'django.utils.log.AdminEmailHandler';
const TRACKER_HANDLERS = [
  'sentry_sdk.integrations.logging.EventHandler',
  'raven.handlers.logging.SentryHandler',
  'raven.contrib.django.raven_compat.handlers.SentryHandler',
  'rollbar.logger.RollbarHandler',
  'bugsnag.handlers.BugsnagHandler',
];
const TRACKER_DISTRIBUTIONS = ['sentry-sdk', 'raven', 'rollbar', 'django-rollbar', 'bugsnag', 'honeybadger', 'airbrake'];
const TRACKER_IMPORT = /^\s*(?:import|from)\s+(?:sentry_sdk|raven|rollbar|bugsnag|honeybadger|pybrake)\b/m;

/** The classes of LOGGING's handlers: strings, with `complete` false when some cannot be read. */
function handlerClasses(logging: Value): { classes: string[]; complete: boolean } {
  if (logging.kind !== 'dict') return { classes: [], complete: false };
  const handlers = dictGet(logging, 'handlers');
  if (!handlers) return { classes: [], complete: !logging.partial };
  if (handlers.kind !== 'dict') return { classes: [], complete: false };
  const classes: string[] = [];
  let complete = !handlers.partial;
  for (const entry of handlers.entries) {
    const handlerClass = entry.value.kind === 'dict' ? dictGet(entry.value, 'class') : undefined;
    if (handlerClass?.kind === 'str') classes.push(handlerClass.value);
    else complete = false;
  }
  return { classes, complete };
}

function usesErrorTracker(view: SettingsView): boolean {
  if (hasDependency(view.project.dependencies, ...TRACKER_DISTRIBUTIONS)) return true;
  return view.evaluation.modules.some((module) => module.parsed?.module.statements.some((statement) => TRACKER_IMPORT.test(statement.text)));
}

function checkReporting(context: RuleContext, view: SettingsView): void {
  if (usesErrorTracker(view)) return;
  const admins = view.get('ADMINS');
  // A required environment variable is present in production: count it as a list of admins.
  const adminsVerdicts = new Set(alternatives(admins.value).map((value) => (value.kind === 'unknown' && value.env?.required ? true : truthy(value))));
  // Django's default logging mails ADMINS (only where DEBUG is off), so a non-empty ADMINS is reported to.
  if (!adminsVerdicts.has(false) && !adminsVerdicts.has(undefined)) return;
  const logging = alternatives(view.value('LOGGING')).map(handlerClasses);
  if (logging.every(({ classes }) => classes.some((name) => TRACKER_HANDLERS.includes(name)))) return;
  if (adminsVerdicts.has(undefined) || logging.some(({ complete }) => !complete)) {
    context.unknown(NO_ERROR_REPORTING.code, 'ADMINS or the LOGGING handlers cannot be read statically.');
    return;
  }
  const location = admins.binding?.statement ?? view.anchor();
  const mailHandler = logging.some(({ classes }) => classes.includes(ADMIN_EMAIL_HANDLER))
    ? ' LOGGING has an AdminEmailHandler, but it has nobody to write to.'
    : '';
  const message = `Nobody hears about server errors: ADMINS is empty and no error tracker is set up.${mailHandler} Add ADMINS (with working email settings), or report errors to a tracker such as Sentry.`;
  context.report(makeFinding(NO_ERROR_REPORTING, location, message, chainOf(view, location)));
}

function checkErrorPages(context: RuleContext, view: SettingsView): void {
  const { project, fs } = context;
  const folders = templateFolders(view, project, fs);
  if (!folders.searched) {
    context.unknown(MISSING_ERROR_PAGE.code, 'TEMPLATES cannot be read statically, so where Django looks for error pages is unknown.');
    return;
  }
  // An API answers errors in JSON; a root URLconf with handler404/handler500 renders its own pages.
  const api = isApiOnly(view, project, fs);
  if (folders.noEngine || api) return;
  if (api === undefined) {
    context.unknown(MISSING_ERROR_PAGE.code, 'INSTALLED_APPS cannot be read statically, so whether the site serves pages is unknown.');
    return;
  }
  const handled = customErrorHandlers(view, project, fs);
  const target = folders.project[0];
  const location = view.locationOf('TEMPLATES');
  for (const page of ERROR_PAGES) {
    if (handled.has(page.name.slice(0, 3)) || findPage(fs, folders.searched, page)) continue;
    if (!target) {
      const message = `There is no ${page.name}, and no project templates folder in TEMPLATES["DIRS"] to hold one, so visitors get Django's bare error page. Add a project templates folder (see DR501), then a ${page.name} in it.`;
      context.report(makeFinding(MISSING_ERROR_PAGE, location, message, chainOf(view, location)));
      continue;
    }
    const file = path.join(target, page.name);
    const shown = shortPath(project.root, file);
    const message = `There is no ${page.name}, so visitors get Django's bare error page. Add ${shown} in your site's look${page.name === '500.html' ? ' (standalone: it renders without a request or context processors)' : ''}.`;
    const fix = { title: `Create ${shown}`, changes: [{ kind: 'create' as const, file, content: errorPageContent(fs, target, page) }] };
    context.report(makeFinding(MISSING_ERROR_PAGE, location, message, { ...chainOf(view, location), fix }));
  }
}

export const errorReportingChecker: Checker = {
  area: 'error-reporting',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    checkReporting(context, view);
    checkErrorPages(context, view);
  },
};
