// Templates in one place: a project-level templates folder that TEMPLATES["DIRS"] lists and that exists, no
// DIRS entry pointing at a missing folder, and templates and template tags not scattered over many apps.
import * as path from 'node:path';
import { flat } from '../fixes/pythonLayout';
import { insertListItemChange, literalOf, setNestedChange, valueAt } from '../fixes/settingsEdits';
import { isDirectory } from '../fileSystem';
import type { SettingsView } from '../settings/settingsView';
import { FILE_START, type Fix, type RelatedInfo } from '../types';
import { makeFinding } from '../finding';
import { isInside, pathSource, shortPath } from './projectPaths';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';
import { listFiles } from './templates/templateFiles';
import { readTemplates, type TemplateBackend } from './templates/templateSettings';

const NO_PROJECT_TEMPLATES = defineCode({
  code: 'DR501',
  area: 'templates-location',
  title: 'No project-level templates folder',
  severity: 'warning',
  fixable: true,
  settings: ['TEMPLATES'],
});
const MISSING_TEMPLATE_DIR = defineCode({
  code: 'DR502',
  area: 'templates-location',
  title: 'Template folder in DIRS does not exist',
  severity: 'info',
  fixable: true,
  settings: [],
});

/** Folders a build step makes (webpack, vite, a compiled theme): missing from the repository, present in production. */
const BUILD_OUTPUT = new Set(['dist', 'build', 'out', 'generated', 'compiled', 'bundles', '.next']);
const TEMPLATES_SPREAD = defineCode({ code: 'DR503', area: 'templates-location', title: 'Templates spread across app folders', severity: 'info' });
const TEMPLATETAGS_SPREAD = defineCode({ code: 'DR504', area: 'templates-location', title: 'Template tags spread across apps', severity: 'info' });

/** From this many apps on, templates (or tag libraries) count as spread out rather than kept together. */
const SPREAD_LIMIT = 3;

/** Marker file that makes an otherwise empty folder exist (and survive git). */
const KEEP_FILE = '.gitkeep';

export const templatesLocationChecker: Checker = {
  area: 'templates-location',
  needsSettings: true,
  run(context) {
    const view = context.settings!;
    const setting = readTemplates(view, context.project, context.fs);
    if (!setting.backends) {
      for (const code of [NO_PROJECT_TEMPLATES, MISSING_TEMPLATE_DIR])
        context.unknown(code.code, 'TEMPLATES is computed in a way that cannot be followed statically');
    } else if (setting.backends.length) {
      checkProjectFolder(context, view, setting.backends);
      checkMissingFolders(context, view, setting.backends);
    }
    checkSpread(context, view);
  },
};

function checkProjectFolder(context: RuleContext, view: SettingsView, backends: TemplateBackend[]): void {
  const entries = backends.flatMap((backend) => backend.entries);
  // A folder DIRS lists is the project's choice, even one inside an app (a single-app project's own templates).
  if (entries.some((entry) => entry.dir && (!entry.inApp || entry.exists))) return;
  if (backends.some((backend) => !backend.complete)) {
    context.unknown(NO_PROJECT_TEMPLATES.code, 'TEMPLATES["DIRS"] has entries that cannot be read statically');
    return;
  }
  const { project, fs } = context;
  // A templates folder outside every app that Django never searches is clearly meant to be the project's; else templates/.
  const conventional = path.join(project.root, 'templates');
  const unlisted = project.templateDirs.filter((dir) => !project.apps.some((app) => isInside(dir, app.dir)));
  const target = isDirectory(fs, conventional) ? conventional : (unlisted[0] ?? conventional);
  const backend = backends.find((b) => b.isDjango) ?? backends[0];
  const folder = `${shortPath(project.root, target)}/`;
  const message =
    'TEMPLATES["DIRS"] lists no project-level templates folder, so base layouts and error pages (404.html, 500.html) have no home of their own. ' +
    (isDirectory(fs, target) ? `Add ${folder}, which Django does not search yet, to DIRS.` : `Create ${folder} beside manage.py and add it to DIRS.`);
  context.report(
    makeFinding(NO_PROJECT_TEMPLATES, view.locationOf('TEMPLATES'), message, {
      related: view.chainTo(view.locationOf('TEMPLATES')),
      fix: addTemplatesFolderFix(context, view, backend, target),
    }),
  );
}

function addTemplatesFolderFix(context: RuleContext, view: SettingsView, backend: TemplateBackend, target: string): Fix | null {
  const keys = [backend.index, 'DIRS'];
  const container = backend.hasDirs ? valueAt(view, 'TEMPLATES', keys) : valueAt(view, 'TEMPLATES', [backend.index]);
  const literal = literalOf(view, container);
  // Outside a literal the item is appended with .append(), which a tuple does not have.
  if (backend.hasDirs && !literal && container?.kind !== 'list') return null;
  const file = literal?.parsed.file ?? view.file;
  const { source, imports } = pathSource(view, file, target);
  const edit = backend.hasDirs
    ? insertListItemChange(view, 'TEMPLATES', keys, flat(source), 'end', { imports })
    : setNestedChange(view, 'TEMPLATES', keys, `[${flat(source)}]`, { imports });
  const folder = `${shortPath(context.project.root, target)}/`;
  // The entry as written when it reads at a glance (`BASE_DIR / "templates"`), else the folder it names.
  const shown = flat(source).length <= 40 ? flat(source) : folder;
  if (isDirectory(context.fs, target)) return { title: `Add ${shown} to TEMPLATES["DIRS"]`, changes: [edit] };
  return {
    title: `Create ${folder} and add ${shown === folder ? 'it' : shown} to TEMPLATES["DIRS"]`,
    changes: [{ kind: 'create', file: path.join(target, KEEP_FILE), content: '' }, edit],
  };
}

function checkMissingFolders(context: RuleContext, view: SettingsView, backends: TemplateBackend[]): void {
  const { project } = context;
  for (const entry of backends.flatMap((backend) => backend.entries)) {
    if (entry.dir && entry.exists === undefined)
      context.unknown(MISSING_TEMPLATE_DIR.code, `${entry.dir} lies outside the project, where Django Ready does not look`);
    if (!entry.dir || entry.exists !== false || BUILD_OUTPUT.has(path.basename(entry.dir))) continue;
    const shown = isInside(entry.dir, project.root) ? shortPath(project.root, entry.dir) : entry.dir;
    const fix: Fix | null = isInside(entry.dir, project.root)
      ? { title: `Create the folder ${shown}/`, changes: [{ kind: 'create', file: path.join(entry.dir, KEEP_FILE), content: '' }] }
      : null;
    const message = `TEMPLATES["DIRS"] lists ${shown}, which does not exist, so Django finds no templates there. Create the folder, or remove the entry if it is stale (if a build step creates it, ignore this finding).`;
    context.report(makeFinding(MISSING_TEMPLATE_DIR, entry.location, message, { related: view.chainTo(entry.location), fix }));
  }
}

function checkSpread(context: RuleContext, view: SettingsView): void {
  const { project, fs } = context;
  const appOf = (dir: string) => project.apps.find((app) => isInside(dir, app.dir));
  const location = view.locationOf('TEMPLATES');
  // A templates folder counts once it holds a file; related information opens that file.
  const appTemplates = project.templateDirs.flatMap((dir) => {
    const app = appOf(dir);
    const first = app && listFiles(fs, dir, undefined, 1)[0];
    return app && first ? [{ app: app.name, first }] : [];
  });
  const templateApps = [...new Set(appTemplates.map((t) => t.app))];
  if (templateApps.length >= SPREAD_LIMIT) {
    const related: RelatedInfo[] = appTemplates.map((t) => ({ location: { file: t.first, range: FILE_START }, message: `templates of ${t.app}` }));
    const message =
      `Templates live in ${templateApps.length} app folders (${templateApps.join(', ')}). Keep the project's pages in the project templates folder ` +
      "and leave app folders for templates an app ships on its own, so there is one place to look and no app's template silently overrides another's.";
    context.report(makeFinding(TEMPLATES_SPREAD, location, message, { related }));
  }
  const tagPackages = project.templatetagsPackages.flatMap((dir) => {
    const app = appOf(dir);
    return app ? [{ app: app.name, init: path.join(dir, '__init__.py') }] : [];
  });
  if (tagPackages.length >= SPREAD_LIMIT) {
    const related: RelatedInfo[] = tagPackages.map((t) => ({ location: { file: t.init, range: FILE_START }, message: `template tags of ${t.app}` }));
    const message =
      `Template tag libraries are spread over ${tagPackages.length} apps (${tagPackages.map((t) => t.app).join(', ')}). ` +
      'Gather shared tags and filters in one app (for example a core app with a templatetags package): libraries of every app share one namespace in {% load %}, so scattered ones are hard to find and can shadow each other.';
    context.report(makeFinding(TEMPLATETAGS_SPREAD, location, message, { related }));
  }
}
