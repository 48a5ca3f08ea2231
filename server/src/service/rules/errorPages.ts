// The error pages Django renders in production (404.html, 500.html): where Django would find them, and simple
// ones to create. 404.html renders with the request and context processors, so it may extend the project's
// base layout; 500.html renders with an empty context and must stand alone, since a layout that reads `request`
// or a context processor's variables could fail while reporting the original error.
import * as path from 'node:path';
import { isFile, readTextOrUndefined, type FileSystem } from '../fileSystem';
import type { DjangoProject } from '../project/model';
import type { SettingsView } from '../settings/settingsView';
import { isInside } from './projectPaths';
import { projectTemplateDirs, readTemplates } from './templates/templateSettings';

export const ERROR_PAGES = [
  { name: '404.html', title: 'Page not found', text: 'Sorry, the page you asked for does not exist.' },
  { name: '500.html', title: 'Server error', text: 'Sorry, something went wrong on our side. Please try again in a moment.' },
] as const;

type ErrorPage = (typeof ERROR_PAGES)[number];

export interface TemplateFolders {
  /** Undefined when TEMPLATES cannot be read statically. */
  searched: string[] | undefined;
  /** Project-level folders from DIRS that exist, in search order: where new pages go. */
  project: string[];
  noEngine?: boolean;
}

/** Folders Django searches for a page: the existing DIRS folders, and app template folders when apps are searched. */
export function templateFolders(view: SettingsView, project: DjangoProject, fs: FileSystem): TemplateFolders {
  const setting = readTemplates(view, project, fs);
  if (!setting.backends) return { searched: undefined, project: [] };
  // Without any template engine, Django's error views fall back to their built-in pages.
  if (!setting.backends.length) return { searched: [], project: [], noEngine: true };
  const projectDirs = projectTemplateDirs(setting);
  const appDirs = project.templateDirs.filter((dir) => project.apps.some((app) => isInside(dir, app.dir)));
  return { searched: [...projectDirs, ...appDirs], project: projectDirs };
}

export function findPage(fs: FileSystem, folders: string[], page: ErrorPage): string | undefined {
  return folders.map((dir) => path.join(dir, page.name)).find((file) => isFile(fs, file));
}

const CONTENT_BLOCKS = ['content', 'main', 'body'];

function standalonePage(page: ErrorPage): string {
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '  <meta charset="utf-8">',
    '  <meta name="viewport" content="width=device-width, initial-scale=1">',
    `  <title>${page.title}</title>`,
    '</head>',
    '<body>',
    `  <h1>${page.title}</h1>`,
    `  <p>${page.text}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** The content of a new error page for `folder`: extending its base.html where that is safe and possible. */
export function errorPageContent(fs: FileSystem, folder: string, page: ErrorPage): string {
  const base = page.name === '404.html' ? readTextOrUndefined(fs, path.join(folder, 'base.html')) : undefined;
  const blocks = new Set([...(base ?? '').matchAll(/\{%-?\s*block\s+(\w+)\s*-?%\}/g)].map((match) => match[1]));
  const content = CONTENT_BLOCKS.find((name) => blocks.has(name));
  if (!content) return standalonePage(page);
  const title = blocks.has('title') ? `{% block title %}${page.title}{% endblock %}\n\n` : '';
  return `{% extends "base.html" %}\n\n${title}{% block ${content} %}\n<h1>${page.title}</h1>\n<p>${page.text}</p>\n{% endblock %}\n`;
}
