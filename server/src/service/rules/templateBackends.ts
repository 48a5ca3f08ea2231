// Reading TEMPLATES for the template-loader rules (only DjangoTemplates backends), and the fixes that edit one
// backend's loaders where they are written.
import { findLiteral, insertListItemEdit, locationOfNode } from '../fixes/literalEdits';
import { changeSettingChange, literalOf } from '../fixes/settingsEdits';
import { mergeChanges } from '../fixes/textEdits';
import { alternatives, dictGet, type Value } from '../python/values';
import type { SettingsView } from '../settings/settingsView';
import type { FileChange, Fix, Location } from '../types';
import { writtenAt } from './projectPaths';
import { chainFile, removeKeyChanges, subscriptPath, type DictTarget } from './settingsEntries';

const DJANGO_TEMPLATES = 'django.template.backends.django.DjangoTemplates';
export const CACHED_LOADER = 'django.template.loaders.cached.Loader';
const FILESYSTEM_LOADER = 'django.template.loaders.filesystem.Loader';
const APP_DIRECTORIES_LOADER = 'django.template.loaders.app_directories.Loader';

export interface TemplateBackend {
  index: number;
  config: Value & { kind: 'dict' };
  location: Location;
}

/** The DjangoTemplates backends production configures; `unknown` hears about what cannot be read. */
export function templateBackends(view: SettingsView, unknown: (reason: string) => void): TemplateBackend[] {
  const statement = view.locationOf('TEMPLATES');
  const found: TemplateBackend[] = [];
  for (const templates of alternatives(view.value('TEMPLATES'))) {
    if (templates.kind !== 'list' && templates.kind !== 'tuple') {
      if (!templates.env?.required) unknown('TEMPLATES is computed in a way that cannot be read statically.');
      continue;
    }
    if (templates.partial) {
      unknown('TEMPLATES is built from values that cannot be read statically.');
      continue;
    }
    templates.items.forEach((item, index) => {
      for (const config of alternatives(item)) {
        const backend = config.kind === 'dict' ? dictGet(config, 'BACKEND') : undefined;
        if (config.kind !== 'dict' || backend?.kind !== 'str') {
          if (!config.env?.required && !backend?.env?.required) unknown(`The backend of TEMPLATES[${index}] cannot be read statically.`);
          continue;
        }
        if (backend.value === DJANGO_TEMPLATES) found.push({ index, config, location: writtenAt(view, config, statement) });
      }
    });
  }
  return found;
}

function loaderName(item: Value): string | undefined {
  if (item.kind === 'str') return item.value;
  if ((item.kind === 'tuple' || item.kind === 'list') && item.items[0]?.kind === 'str') return item.items[0].value;
  return undefined;
}

/** The dotted names of a loaders list (a `(name, args)` entry counts by its name). */
export function loaderNames(loaders: Value): { names: string[]; complete: boolean } {
  if (loaders.kind !== 'list' && loaders.kind !== 'tuple') return { names: [], complete: false };
  const names = loaders.items.map(loaderName);
  return { names: names.filter((name): name is string => !!name), complete: !loaders.partial && names.every((name) => !!name) };
}

/** The list that names the loaders doing the work: the cached loader's own list when it wraps them. */
function workingLoaders(loaders: Value): Value {
  if (loaders.kind !== 'list' && loaders.kind !== 'tuple') return loaders;
  const cached = loaders.items.find((item) => loaderName(item) === CACHED_LOADER && item.kind !== 'str');
  return cached && (cached.kind === 'tuple' || cached.kind === 'list') && cached.items[1] ? cached.items[1] : loaders;
}

/** Wraps the same loaders in the cached loader, where the list is written. */
export function cachedLoaderFix(view: SettingsView, backend: TemplateBackend, loaders: Value): Fix {
  const title = 'Wrap the loaders in django.template.loaders.cached.Loader';
  const literal = literalOf(view, loaders);
  const span = literal && (literal.node.type === 'list' || literal.node.type === 'tuple') ? locationOfNode(literal, literal.node) : undefined;
  if (span) {
    const edits = [
      { range: { start: span.range.start, end: span.range.start }, newText: `[("${CACHED_LOADER}", ` },
      { range: { start: span.range.end, end: span.range.end }, newText: ')]' },
    ];
    return { title, changes: [{ kind: 'edit', file: span.file, edits }] };
  }
  const path = subscriptPath('TEMPLATES', [backend.index, 'OPTIONS', 'loaders']);
  return { title, changes: [changeSettingChange(view, 'TEMPLATES', [`${path} = [("${CACHED_LOADER}", ${path})]`])] };
}

/** Drops APP_DIRS and, so the same templates are still found, adds the app directories loader. */
export function appDirsFix(view: SettingsView, backend: TemplateBackend, loaders: Value): Fix | null {
  const changes: FileChange[] = removeKeyChanges(view, { value: backend.config, name: 'TEMPLATES', keys: [backend.index] }, 'APP_DIRS', 'False');
  const working = workingLoaders(loaders);
  if (!loaderNames(working).names.includes(APP_DIRECTORIES_LOADER)) {
    const parsed = working.loc && chainFile(view, working.loc.file);
    const literal = parsed ? findLiteral(parsed, working.loc!) : undefined;
    if (!literal || (literal.node.type !== 'list' && literal.node.type !== 'tuple')) return null;
    changes.push({
      kind: 'edit',
      file: literal.parsed.file,
      edits: [insertListItemEdit(literal, `"${APP_DIRECTORIES_LOADER}"`, { after: FILESYSTEM_LOADER })],
    });
  }
  return { title: 'Remove APP_DIRS and load app templates with the app directories loader', changes: mergeChanges(changes) };
}

/** Removes OPTIONS["debug"], so template debug follows DEBUG again. */
export function dropDebugOptionFix(view: SettingsView, options: DictTarget): Fix {
  return { title: 'Remove OPTIONS["debug"] so template debug follows DEBUG', changes: mergeChanges(removeKeyChanges(view, options, 'debug', 'False')) };
}
