// HTML5 base template: the project's base layout (templates/base.html, or the template most others extend)
// has the doctype, <html lang>, a UTF-8 charset, a viewport, a title block, the site stylesheet and script
// through {% static %}, and a content block. One finding per missing part, each with a minimal edit.
import * as path from 'node:path';
import { relativePath } from '../paths';
import { isDirectory, isFile, readTextOrUndefined } from '../fileSystem';
import type { SettingsView } from '../settings/settingsView';
import { compareText, FILE_START, type FileChange, type Fix, type Location, type TextEdit } from '../types';
import { makeFinding } from '../finding';
import { shortPath } from './projectPaths';
import { defineCode, type RuleMeta } from '../codes';
import type { Checker, RuleContext } from './rule';
import {
  CHARSET_META,
  CONTENT_BLOCK,
  HTML5_DOCTYPE,
  LOAD_STATIC,
  scriptElement,
  stylesheetLink,
  TemplateEditor,
  titleElement,
  VIEWPORT_META,
} from './templates/html5Edits';
import { scanLayout, type LayoutScan, type Span } from './templates/html5Scanner';
import { baseLayoutSkeleton, SITE_SCRIPT, SITE_SCRIPT_CONTENT, SITE_STYLESHEET, SITE_STYLESHEET_CONTENT } from './templates/html5Skeleton';
import { staticAssetChanges, type StaticAsset } from './templates/staticAssets';
import { isHtmlTemplate, listFiles, parentTemplate, templateFile, templateNameFrom } from './templates/templateFiles';
import { isApiOnly, PACKAGE_LAYOUTS } from './templates/servedPages';
import { projectTemplateDirs, readTemplates } from './templates/templateSettings';

const area = 'html5-base' as const;
const NO_BASE_TEMPLATE = defineCode({ code: 'DR601', area, title: 'No base template', severity: 'warning', fixable: true, settings: ['STATICFILES_DIRS'] });
const NO_DOCTYPE = defineCode({ code: 'DR602', area, title: 'Base template without the HTML5 doctype', severity: 'warning', fixable: true, settings: [] });
const NO_LANG = defineCode({ code: 'DR603', area, title: 'Base template without <html lang>', severity: 'info', fixable: true, settings: [] });
const NO_CHARSET = defineCode({ code: 'DR604', area, title: 'Base template without a UTF-8 charset', severity: 'warning', fixable: true, settings: [] });
const NO_VIEWPORT = defineCode({ code: 'DR605', area, title: 'Base template without a viewport meta tag', severity: 'warning', fixable: true, settings: [] });
const NO_TITLE_BLOCK = defineCode({ code: 'DR606', area, title: 'Base template without a title block', severity: 'info', fixable: true, settings: [] });
const NO_STATIC_ASSETS = defineCode({
  code: 'DR607',
  area,
  title: 'Base template without a static stylesheet and script',
  severity: 'info',
  fixable: true,
  settings: ['STATICFILES_DIRS'],
});
const NO_CONTENT_BLOCK = defineCode({ code: 'DR608', area, title: 'Base template without a content block', severity: 'info', fixable: true, settings: [] });

const PART_CODES = [NO_DOCTYPE, NO_LANG, NO_CHARSET, NO_VIEWPORT, NO_TITLE_BLOCK, NO_STATIC_ASSETS, NO_CONTENT_BLOCK];
const MAX_EXTENDS_CHAIN = 10;

export const html5BaseChecker: Checker = {
  area,
  // Without settings the conventional templates/ folder is still checked.
  needsSettings: false,
  run(context) {
    const folders = templateFolders(context);
    // A project without a template engine, or an API answering JSON, renders no pages, so it needs no layout.
    const api = isApiOnly(context.settings, context.project, context.fs);
    if (!folders || api) return;
    const search = findBaseLayout(context, folders);
    const sightless = api === undefined || (context.settings && !readTemplates(context.settings, context.project, context.fs).backends);
    if (search.kind !== 'found' && sightless) {
      // Which folders Django searches, or whether the site serves pages at all, cannot be read.
      for (const meta of [NO_BASE_TEMPLATE, ...PART_CODES]) context.unknown(meta.code, 'TEMPLATES or INSTALLED_APPS cannot be read statically');
      return;
    }
    if (search.kind === 'found') checkLayout(context, search.file, [...folders.project, ...folders.others]);
    else if (search.kind === 'outside') {
      for (const meta of PART_CODES) context.unknown(meta.code, `the base layout extends ${search.name}, which is not in the project's templates folders`);
    } else reportNoBase(context, folders, search.kind === 'in-app' ? search.file : undefined);
  },
};

interface TemplateFolders {
  /** Project-level folders Django searches, plus templates/ beside manage.py. */
  project: string[];
  /** Every other templates folder (the apps'). */
  others: string[];
}

function templateFolders(context: RuleContext): TemplateFolders | undefined {
  const { project, settings, fs } = context;
  const setting = settings && readTemplates(settings, project, fs);
  if (setting?.backends?.length === 0) return undefined;
  const listed = setting ? projectTemplateDirs(setting) : [];
  const conventional = path.join(project.root, 'templates');
  const projectDirs = isDirectory(fs, conventional) && !listed.includes(conventional) ? [...listed, conventional] : listed;
  return { project: projectDirs, others: project.templateDirs.filter((dir) => !projectDirs.includes(dir)) };
}

type BaseSearch = { kind: 'found'; file: string } | { kind: 'in-app'; file: string } | { kind: 'outside'; name: string } | { kind: 'none' };

function resolveTemplate(context: RuleContext, dirs: string[], name: string): string | undefined {
  for (const dir of dirs) {
    const file = templateFile(dir, name);
    if (file && isFile(context.fs, file)) return file;
  }
  return undefined;
}

/** The template's name in the folder (of `dirs`) that holds it, as Django names it (`layouts/base.html`). */
function templateName(dirs: string[], file: string): string | undefined {
  const dir = dirs.find((candidate) => file.startsWith(path.resolve(candidate) + path.sep));
  return dir && relativePath(path.resolve(dir), file).split(path.sep).join('/');
}

function findBaseLayout(context: RuleContext, folders: TemplateFolders): BaseSearch {
  let file = resolveTemplate(context, folders.project, 'base.html');
  if (!file) {
    const name = mostExtended(context, [...folders.project, ...folders.others]);
    file = name ? resolveTemplate(context, folders.project, name) : undefined;
    if (!file) {
      const inApp = resolveTemplate(context, folders.others, name ?? 'base.html');
      if (!inApp) return { kind: 'none' };
      // An app template that extends a layout from a package (an override of rest_framework/api.html) is not
      // the site's layout: whose layout it is cannot be told.
      const outside = layoutOutside(context, [...folders.project, ...folders.others], inApp);
      return outside ? { kind: 'outside', name: outside } : { kind: 'in-app', file: inApp };
    }
  }
  // A base that extends another layout is not the outermost one: follow the chain to the layout with <html>.
  for (let step = 0; step < MAX_EXTENDS_CHAIN; step++) {
    const written = parentTemplate(context.fs, file);
    if (!written) break;
    const parent = templateNameFrom(written, templateName(folders.project, file));
    const parentFile = parent && resolveTemplate(context, folders.project, parent);
    if (!parentFile) return { kind: 'outside', name: written };
    if (parentFile === file) break;
    file = parentFile;
  }
  return { kind: 'found', file };
}

/** The first template up the `{% extends %}` chain of `file` that no folder of the project holds. */
function layoutOutside(context: RuleContext, dirs: string[], file: string): string | undefined {
  for (let step = 0; step < MAX_EXTENDS_CHAIN; step++) {
    const written = parentTemplate(context.fs, file);
    if (!written) return undefined;
    const parent = templateNameFrom(written, templateName(dirs, file));
    const parentFile = parent && resolveTemplate(context, dirs, parent);
    if (!parentFile) return written;
    if (parentFile === file) return undefined;
    file = parentFile;
  }
  return undefined;
}

/** The template name most `{% extends %}` tags name, across every templates folder. */
function mostExtended(context: RuleContext, dirs: string[]): string | undefined {
  const templates = dirs.flatMap((dir) => listFiles(context.fs, dir, isHtmlTemplate).map((file) => ({ dir, file })));
  const counts = new Map<string, number>();
  for (let read = 0; read < templates.length; ) {
    const { dir, file } = templates[read++];
    const written = parentTemplate(context.fs, file);
    // Only a relative name (`./x`, `../x`) needs the name of the template that wrote it.
    const parent = written && templateNameFrom(written, written.startsWith('.') ? templateName([dir], file) : undefined);
    if (parent && !PACKAGE_LAYOUTS.test(parent)) counts.set(parent, (counts.get(parent) ?? 0) + 1);
    // Each template adds one to at most one name: once the leader is ahead of every other name by more than the
    // templates left, they cannot change the answer, and need not be read (most of a large project's templates).
    if (read % 32 === 0 && settled(counts, templates.length - read)) break;
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || compareText(a[0], b[0]))[0]?.[0];
}

function settled(counts: Map<string, number>, left: number): boolean {
  let first = 0;
  let second = 0;
  for (const count of counts.values()) {
    if (count > first) [first, second] = [count, first];
    else if (count > second) second = count;
  }
  return first > second + left;
}

function settingsAnchor(context: RuleContext): Location {
  return context.settings?.locationOf('TEMPLATES') ?? { file: context.project.managePy, range: FILE_START };
}

function reportNoBase(context: RuleContext, folders: TemplateFolders, appLayout: string | undefined): void {
  const { project } = context;
  const dir = folders.project[0] ?? path.join(project.root, 'templates');
  const target = path.join(dir, 'base.html');
  if (appLayout) {
    const message =
      `The base layout ${shortPath(project.root, appLayout)} lives in an app's templates folder. Move it to ${shortPath(project.root, dir)}/, ` +
      'where the project keeps its own templates, so no app owns the layout every page uses.';
    context.report(
      makeFinding(NO_BASE_TEMPLATE, settingsAnchor(context), message, {
        severity: 'info',
        related: [{ location: { file: appLayout, range: FILE_START }, message: 'the base layout' }],
      }),
    );
    return;
  }
  const assets = staticAssetChanges(context, [
    { name: SITE_STYLESHEET, content: SITE_STYLESHEET_CONTENT },
    { name: SITE_SCRIPT, content: SITE_SCRIPT_CONTENT },
  ]);
  const changes: FileChange[] = [{ kind: 'create', file: target, content: baseLayoutSkeleton(project.name) }, ...assets];
  const message =
    `The project has no base layout (${shortPath(project.root, target)}) for its pages to extend. Create one with the HTML5 doctype, <html lang>, ` +
    'a UTF-8 charset, a viewport, title and content blocks, and the site stylesheet and script.';
  context.report(
    makeFinding(NO_BASE_TEMPLATE, settingsAnchor(context), message, { fix: { title: `Create ${shortPath(project.root, target)} (HTML5 layout)`, changes } }),
  );
}

interface LayoutContext {
  context: RuleContext;
  /** Set when the scan includes other templates' text: spans do not point into `file`. */
  readOnly: boolean;
  /** The text the scan's spans point into. */
  scanned: string;
  file: string;
  name: string;
  scan: LayoutScan;
  editor: TemplateEditor;
}

function checkLayout(context: RuleContext, file: string, dirs: string[]): void {
  const text = readTextOrUndefined(context.fs, file);
  if (text === undefined) return;
  // Editors apply our edits after the byte order mark; positions must not count it.
  const source = text.replace(/^\ufeff/, '');
  let scan = scanLayout(source);
  // A layout whose <html> and <head> come from included templates (site/header.html) is judged with them in;
  // its parts then live in other files, so findings carry no edit.
  const expanded = !scan.html && !scan.head ? withIncludes(context, dirs, source, 0) : undefined;
  if (expanded !== undefined && expanded !== source) scan = scanLayout(expanded);
  const readOnly = expanded !== undefined && expanded !== source;
  const layout: LayoutContext = {
    context,
    file,
    name: path.basename(file),
    scan,
    scanned: readOnly ? expanded : source,
    editor: new TemplateEditor(source),
    readOnly,
  };
  checkDoctype(layout);
  checkLang(layout);
  checkCharset(layout);
  checkViewport(layout);
  checkTitle(layout);
  checkStaticAssets(layout);
  checkContentBlock(layout);
}

const MAX_INCLUDE_DEPTH = 3;

/** The template's text with its `{% include "x" %}` tags replaced by the included templates found in `dirs`. */
function withIncludes(context: RuleContext, dirs: string[], text: string, depth: number): string {
  if (depth >= MAX_INCLUDE_DEPTH) return text;
  return text.replace(/\{%-?\s*include\s+(?:"([^"]+)"|'([^']+)')[^%]*%\}/g, (tag, double: string | undefined, single: string | undefined) => {
    const included = resolveTemplate(context, dirs, double ?? single ?? '');
    const content = included ? readTextOrUndefined(context.fs, included) : undefined;
    return content === undefined ? tag : withIncludes(context, dirs, content, depth + 1);
  });
}

function report(
  layout: LayoutContext,
  meta: RuleMeta,
  at: Span | undefined,
  message: string,
  title: string,
  edits: TextEdit[] | null,
  extra: FileChange[] = [],
): void {
  const range = at && !layout.readOnly ? layout.editor.rangeOf(at) : FILE_START;
  const fix: Fix | null = edits && !layout.readOnly ? { title, changes: [{ kind: 'edit', file: layout.file, edits }, ...extra] } : null;
  layout.context.report(makeFinding(meta, { file: layout.file, range }, message, { fix }));
}

function checkDoctype(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  const doctype = scan.doctype;
  if (doctype?.html5 && doctype.leading) return;
  if (!doctype) {
    report(
      layout,
      NO_DOCTYPE,
      undefined,
      `${name} has no <!DOCTYPE html>, so browsers render every page in quirks mode. Put <!DOCTYPE html> on its first line.`,
      'Add <!DOCTYPE html>',
      [editor.atStart(HTML5_DOCTYPE)],
    );
  } else if (!doctype.html5) {
    report(layout, NO_DOCTYPE, doctype, `${name} declares an older doctype; use the HTML5 one, <!DOCTYPE html>.`, 'Use <!DOCTYPE html>', [
      editor.replace(doctype, HTML5_DOCTYPE),
    ]);
  } else {
    report(
      layout,
      NO_DOCTYPE,
      doctype,
      `Text comes before <!DOCTYPE html> in ${name}, which puts browsers in quirks mode. Move the doctype to the first line.`,
      'Move <!DOCTYPE html> to the first line',
      [editor.atStart(HTML5_DOCTYPE), editor.replace(doctype, '')],
    );
  }
}

function languageCode(settings: SettingsView | undefined): string {
  const value = settings?.value('LANGUAGE_CODE');
  return value?.kind === 'str' && /^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$/.test(value.value) ? value.value : 'en';
}

function checkLang(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if (scan.html?.hasLang) return;
  const lang = languageCode(layout.context.settings);
  const message = `${scan.html ? '<html>' : 'The <html> element'} in ${name} has no lang attribute, so screen readers and translation tools have to guess the language. Add lang="${lang}" (your LANGUAGE_CODE).`;
  report(layout, NO_LANG, scan.html, message, `Add lang="${lang}" to <html>`, scan.html ? [editor.intoTag(scan.html, 'html', ` lang="${lang}"`)] : null);
}

function checkCharset(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if (scan.charset?.utf8) return;
  if (scan.charset) {
    report(
      layout,
      NO_CHARSET,
      scan.charset,
      `${name} declares a character set other than UTF-8, but Django sends UTF-8 (DEFAULT_CHARSET). Declare ${CHARSET_META}.`,
      `Use ${CHARSET_META}`,
      [editor.replace(scan.charset, CHARSET_META)],
    );
    return;
  }
  const message = `${name} does not declare ${CHARSET_META}, so browsers may guess the encoding of pages and forms. Add it as the first element of <head>.`;
  report(layout, NO_CHARSET, scan.head, message, `Add ${CHARSET_META}`, scan.head ? [editor.firstChild(scan.head, CHARSET_META)] : null);
}

function checkViewport(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if (scan.viewport) return;
  const edit = scan.charset ? editor.after(scan.charset, VIEWPORT_META) : scan.head ? editor.firstChild(scan.head, VIEWPORT_META) : undefined;
  const message = `${name} has no viewport meta tag, so phones show pages zoomed out at desktop width. Add ${VIEWPORT_META} to <head>.`;
  report(layout, NO_VIEWPORT, scan.head, message, 'Add the viewport meta tag', edit ? [edit] : null);
}

function checkTitle(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if (scan.title?.hasBlock) return;
  if (scan.title) {
    const content = layout.scanned.slice(scan.title.content.start, scan.title.content.end);
    // A title made from a context variable (`{{ page_title }}`) already differs from page to page.
    if (/\{\{/.test(content)) return;
    const message = `The <title> in ${name} has no {% block title %}, so every page gets the same title. Wrap its text in a block that pages can override.`;
    report(layout, NO_TITLE_BLOCK, scan.title, message, 'Wrap the title in {% block title %}', [
      editor.replace(scan.title.content, `{% block title %}${content}{% endblock %}`),
    ]);
    return;
  }
  const element = titleElement(layout.context.project.name);
  const edit = scan.headClose ? editor.lastChild(scan.head, scan.headClose, element) : scan.head ? editor.firstChild(scan.head, element) : undefined;
  const message = `${name} has no <title>, so browsers show the address in tabs and bookmarks. Add <title>{% block title %}...{% endblock %}</title> to <head>.`;
  report(layout, NO_TITLE_BLOCK, scan.head, message, 'Add a <title> with a title block', edit ? [edit] : null);
}

function checkStaticAssets(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if ((scan.loadsStatic && scan.staticStylesheet && scan.staticScript) || scan.assetPipeline) return;
  const missing = [
    ...(scan.loadsStatic ? [] : ['{% load static %}']),
    ...(scan.staticStylesheet ? [] : ['a stylesheet linked with {% static %}']),
    ...(scan.staticScript ? [] : ['a script loaded with {% static %}']),
  ];
  const edits: TextEdit[] = [];
  const assets: StaticAsset[] = [];
  let fixable = true;
  if (!scan.loadsStatic) edits.push(scan.doctype?.leading ? editor.after(scan.doctype, LOAD_STATIC) : editor.atStart(LOAD_STATIC));
  if (!scan.staticStylesheet) {
    const link = stylesheetLink(SITE_STYLESHEET);
    if (scan.headClose) edits.push(editor.lastChild(scan.head, scan.headClose, link));
    else if (scan.head) edits.push(editor.firstChild(scan.head, link));
    else fixable = false;
    assets.push({ name: SITE_STYLESHEET, content: SITE_STYLESHEET_CONTENT });
  }
  if (!scan.staticScript) {
    if (scan.bodyClose) edits.push(editor.lastChild(scan.body, scan.bodyClose, scriptElement(SITE_SCRIPT)));
    else fixable = false;
    assets.push({ name: SITE_SCRIPT, content: SITE_SCRIPT_CONTENT });
  }
  const listed = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing[missing.length - 1]}` : missing[0];
  const message = `${name} lacks ${listed}. Serve the site's CSS and JavaScript through {% static %}, so collectstatic and STATIC_URL decide where they come from.`;
  report(
    layout,
    NO_STATIC_ASSETS,
    scan.head,
    message,
    'Link the site stylesheet and script with {% static %}',
    fixable ? edits : null,
    fixable ? staticAssetChanges(layout.context, assets) : [],
  );
}

function checkContentBlock(layout: LayoutContext): void {
  const { scan, editor, name } = layout;
  if (scan.contentBlock) return;
  const message = `${name} has no {% block content %}, so pages that extend it have nowhere to put their content. Add one inside <body>.`;
  report(layout, NO_CONTENT_BLOCK, scan.body, message, 'Add {% block content %}', scan.body ? [editor.firstChild(scan.body, CONTENT_BLOCK)] : null);
}
