// A package a fix's new service needs (redis for a Redis cache, psycopg for PostgreSQL), added to the requirements
// file production installs from: the one that declares Django (a production one when there are several), in
// alphabetical place when the file is sorted, at its end otherwise.
import * as path from 'node:path';
import { hasDependency, isDevelopmentRequirement, normaliseName } from '../project/dependencies';
import { type FileSystem, readTextOrUndefined } from '../fileSystem';
import type { DjangoProject } from '../project/model';
import { LineIndex } from '../python/lineIndex';
import type { FileChange } from '../types';

export interface Requirement {
  /** The distribution name (`psycopg`, `redis`), then others that do its job (`psycopg2`), to tell whether the project has one. */
  names: string[];
  /** The line to write: `psycopg[binary]>=3.1.8`. */
  line: string;
}

/** The requirements file production installs from, relative to the project root; undefined when there is none. */
export function productionRequirementsFile(project: DjangoProject): string | undefined {
  const files = [...new Set(project.dependencies.map((dependency) => dependency.file))].filter(
    (file) => /\.(txt|in)$/.test(file) && !isDevelopmentRequirement(file),
  );
  const withDjango = new Set(project.dependencies.filter((dependency) => normaliseName(dependency.name) === 'django').map((dependency) => dependency.file));
  return files.find((file) => /prod/i.test(file)) ?? files.find((file) => withDjango.has(file)) ?? files[0];
}

function requirementName(line: string): string | undefined {
  const match = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(line);
  return match && !line.trim().startsWith('#') && !line.trim().startsWith('-') ? normaliseName(match[1]) : undefined;
}

/**
 * The edit that adds `requirement`, or undefined when the project declares it already. `missing` is set when the
 * project has no requirements file a fix can edit (a pyproject.toml or Pipfile is left to the user).
 */
export function addRequirementChange(
  project: DjangoProject,
  fs: FileSystem,
  requirement: Requirement,
): { change?: FileChange; file?: string; missing?: boolean } {
  if (hasDependency(project.dependencies, ...requirement.names)) return {};
  const relative = productionRequirementsFile(project);
  const file = relative && path.join(project.root, ...relative.split('/'));
  const text = file && readTextOrUndefined(fs, file);
  if (!file || text === undefined) return { missing: true };
  const lines = LineIndex.of(text);
  const eol = lines.eol;
  const wanted = normaliseName(requirement.names[0]);
  const named: { line: number; name: string }[] = [];
  for (let line = 0; line < lines.lineCount; line++) {
    const name = requirementName(lines.lineText(line));
    if (name) named.push({ line, name });
  }
  const sorted = named.length > 1 && named.every((entry, index) => index === 0 || named[index - 1].name <= entry.name);
  const after = sorted ? named.find((entry) => entry.name > wanted) : undefined;
  if (after) {
    const at = lines.lineStart(after.line);
    return { file: relative, change: { kind: 'edit', file, edits: [{ range: lines.range(at, at), newText: requirement.line + eol }] } };
  }
  const end = text.length;
  const newText = (end > 0 && !text.endsWith('\n') ? eol : '') + requirement.line + eol;
  return { file: relative, change: { kind: 'edit', file, edits: [{ range: lines.range(end, end), newText }] } };
}
