// Apps and libraries kept apart: local Django apps live in one package (apps/ by default), reusable Python
// code that is not an app in another (libs/), so a reader knows what Django loads and what is plain code.
import * as path from 'node:path';
import { isFile } from '../fileSystem';
import type { LocalApp } from '../project/model';
import { alternatives, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import { FILE_START, type FileChange, type Location } from '../types';
import { makeFinding } from '../finding';
import { isInside, shortPath, writtenAt } from './projectPaths';
import { defineCode } from '../codes';
import type { Checker, RuleContext } from './rule';

const LAYOUT_PACKAGES_MISSING = defineCode({
  code: 'DR401',
  area: 'apps-libs-layout',
  title: 'No apps and libs packages',
  severity: 'info',
  fixable: true,
  settings: [],
});
const APP_OUTSIDE_APPS = defineCode({ code: 'DR402', area: 'apps-libs-layout', title: 'Local app outside the apps package', severity: 'info' });
const NON_APP_IN_APPS = defineCode({ code: 'DR403', area: 'apps-libs-layout', title: 'Package in the apps package that is not an app', severity: 'info' });

interface LayoutPackage {
  /** Dotted, as imports write it. */
  dotted: string;
  dir: string;
  exists: boolean;
  purpose: string;
}

function layoutPackage(context: RuleContext, configured: string, purpose: string): LayoutPackage {
  const parts = configured.split(/[./\\]+/).filter(Boolean);
  const dir = path.join(context.project.root, ...parts);
  return { dotted: parts.join('.'), dir, exists: isFile(context.fs, path.join(dir, '__init__.py')), purpose };
}

export const appsLibsLayoutChecker: Checker = {
  area: 'apps-libs-layout',
  // The folder checks work without settings; the INSTALLED_APPS check says when it cannot run.
  needsSettings: false,
  run(context) {
    const { project, settings } = context;
    const apps = layoutPackage(context, project.config.appsPackage, 'Local Django apps of this project.');
    const libs = layoutPackage(context, project.config.libsPackage, 'Reusable Python packages that are not Django apps.');
    const installed = settings ? installedApps(settings) : [];
    // Layout advice comes once per project: the apps it concerns are listed as related places.
    const outside = settings ? appsOutside(context, settings, installed, apps) : [];
    if (!settings) context.unknown(APP_OUTSIDE_APPS.code, 'INSTALLED_APPS cannot be read without the production settings');
    if (!apps.exists || (!libs.exists && libraryCandidates(context, apps).length)) checkPackagesExist(context, apps, libs, outside);
    else if (outside.length) reportAppsOutside(context, settings!, apps, outside);
    if (apps.exists) checkNonApps(context, apps, libs, installed);
  },
};

function settingsLocation(context: RuleContext): Location {
  return context.settings?.locationOf('INSTALLED_APPS') ?? { file: context.project.managePy, range: FILE_START };
}

/** Top-level packages beside manage.py that are not Django apps, the settings package, or the layout packages: code for libs/. */
function libraryCandidates(context: RuleContext, apps: LayoutPackage): string[] {
  const { project } = context;
  const settingsDirs = project.settingsModules.map((module) => path.dirname(module.file));
  return project.packages
    .filter((pkg) => pkg.dir !== apps.dir && path.basename(pkg.dir) !== project.config.libsPackage)
    .filter((pkg) => !project.apps.some((app) => isInside(app.dir, pkg.dir)) && !settingsDirs.some((dir) => isInside(dir, pkg.dir)))
    .map((pkg) => pkg.name);
}

function checkPackagesExist(context: RuleContext, apps: LayoutPackage, libs: LayoutPackage, outside: OutsideApp[]): void {
  // With apps/ in place, libs/ is only missing when there is code to put in it.
  const missing = [apps, libs].filter((p) => !p.exists);
  const root = context.project.root;
  const candidates = libs.exists ? [] : libraryCandidates(context, apps);
  const names = missing.map((p) => `${shortPath(root, p.dir)}/`).join(' and ');
  const changes: FileChange[] = missing.map((p) => ({ kind: 'create', file: path.join(p.dir, '__init__.py'), content: `"""${p.purpose}"""\n` }));
  const moveApps = outside.length
    ? ` Then move its ${outside.length} local app${outside.length === 1 ? '' : 's'} (${listNames(outside)}) into ${shortPath(root, apps.dir)}/.`
    : '';
  const shown = candidates.slice(0, 5).join(', ') + (candidates.length > 5 ? ` and ${candidates.length - 5} more` : '');
  const moveLibs = !candidates.length
    ? ''
    : candidates.length === 1
      ? ` The package ${shown} is not a Django app: ${shortPath(root, libs.dir)}/ is its place.`
      : ` The packages ${shown} are not Django apps: ${shortPath(root, libs.dir)}/ is their place.`;
  const those = moveApps + moveLibs;
  const message =
    `There is no ${names} package beside manage.py. Keep local Django apps in ${shortPath(root, apps.dir)}/ and reusable code that is not an app in ${shortPath(root, libs.dir)}/, ` +
    `so it is clear what Django loads (the folder names can be changed with apps-package and libs-package under [tool.django-ready]).${those}`;
  const related = outside.map((entry) => ({ location: entry.location, message: `${entry.app.name} lives outside ${shortPath(root, apps.dir)}/` }));
  context.report(makeFinding(LAYOUT_PACKAGES_MISSING, settingsLocation(context), message, { related, fix: { title: `Create ${names}`, changes } }));
}

function listNames(outside: OutsideApp[]): string {
  const names = outside.map((entry) => entry.app.name);
  return names.length > 5 ? `${names.slice(0, 5).join(', ')} and ${names.length - 5} more` : names.join(', ');
}

interface InstalledEntry {
  name: string;
  value: Value;
}

function installedApps(view: SettingsView): InstalledEntry[] {
  const entries: InstalledEntry[] = [];
  for (const list of alternatives(view.value('INSTALLED_APPS'))) {
    if (list.kind !== 'list' && list.kind !== 'tuple') continue;
    for (const item of list.items) if (item.kind === 'str') entries.push({ name: item.value, value: item });
  }
  return entries;
}

/** The local app an INSTALLED_APPS entry loads: `blog` or `blog.apps.BlogConfig` both mean the app `blog`. */
function appOfEntry(apps: LocalApp[], entry: string): LocalApp | undefined {
  return apps.filter((app) => entry === app.name || entry.startsWith(`${app.name}.`)).sort((a, b) => b.name.length - a.name.length)[0];
}

interface OutsideApp {
  app: LocalApp;
  entry: InstalledEntry;
  location: Location;
}

/** Installed local apps that live outside the apps package, each once, where INSTALLED_APPS names it. */
function appsOutside(context: RuleContext, view: SettingsView, installed: InstalledEntry[], apps: LayoutPackage): OutsideApp[] {
  const { project } = context;
  const settingsDirs = project.settingsModules.map((module) => path.dirname(module.file));
  const found: OutsideApp[] = [];
  for (const entry of installed) {
    const app = appOfEntry(project.apps, entry.name);
    // The settings package is sometimes installed for its management commands; it is not an app to move.
    if (!app || isInside(app.dir, apps.dir) || settingsDirs.some((dir) => isInside(dir, app.dir))) continue;
    if (found.some((other) => other.app === app)) continue;
    found.push({ app, entry, location: writtenAt(view, entry.value, view.locationOf('INSTALLED_APPS')) });
  }
  return found;
}

function reportAppsOutside(context: RuleContext, view: SettingsView, apps: LayoutPackage, outside: OutsideApp[]): void {
  const { project } = context;
  const folder = `${shortPath(project.root, apps.dir)}/`;
  const moveOne = (entry: OutsideApp, where: string): string => {
    const moved = `${apps.dotted}.${entry.app.name.split('.').pop()}`;
    const appFolder = shortPath(project.root, entry.app.dir);
    const appConfig = entry.app.hasAppsPy ? `, set name = "${moved}" in its AppConfig (${appFolder}/apps.py)` : '';
    return `write "${moved}${entry.entry.name.slice(entry.app.name.length)}" ${where}${appConfig}, and change imports of ${entry.app.name} to ${moved}`;
  };
  if (outside.length === 1) {
    const [only] = outside;
    const message =
      `Local app ${only.app.name} lives outside ${folder}. Move the ${shortPath(project.root, only.app.dir)} folder into ${folder}, ${moveOne(only, 'here')}. ` +
      `The app label stays ${only.app.name.split('.').pop()}, so migrations keep working.`;
    context.report(makeFinding(APP_OUTSIDE_APPS, only.location, message, { related: view.chainTo(only.location) }));
    return;
  }
  const message =
    `${outside.length} local apps (${listNames(outside)}) live outside ${folder}. Move each app folder into ${folder}: for ${outside[0].app.name}, ` +
    `${moveOne(outside[0], 'in INSTALLED_APPS')}. App labels stay the same, so migrations keep working.`;
  const location = view.locationOf('INSTALLED_APPS');
  const related = [
    ...outside.map((entry) => ({ location: entry.location, message: `${entry.app.name} (${shortPath(project.root, entry.app.dir)}/)` })),
    ...view.chainTo(location),
  ];
  context.report(makeFinding(APP_OUTSIDE_APPS, location, message, { related }));
}

function checkNonApps(context: RuleContext, apps: LayoutPackage, libs: LayoutPackage, installed: InstalledEntry[]): void {
  const { project, fs } = context;
  for (const entry of fs.readDir(apps.dir) ?? []) {
    const dir = path.join(apps.dir, entry.name);
    const init = path.join(dir, '__init__.py');
    if (!isFile(fs, init)) continue;
    const dotted = `${apps.dotted}.${entry.name}`;
    const isApp = project.apps.some((app) => app.dir === dir) || installed.some((e) => e.name === dotted || e.name.startsWith(`${dotted}.`));
    if (isApp) continue;
    const message =
      `${shortPath(project.root, dir)} is not a Django app: it has no apps.py or models.py and INSTALLED_APPS does not list it. ` +
      `Move code that is not an app to ${shortPath(project.root, libs.dir)}/ (and import it as ${libs.dotted}.${entry.name}), or add an apps.py if it is an app.`;
    context.report(makeFinding(NON_APP_IN_APPS, { file: init, range: FILE_START }, message));
  }
}
