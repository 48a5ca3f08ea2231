// `django-ready env`: the environment manifest. Each variable the production settings read, whether it is
// required (read without a default) or what it falls back to, and where the deployment provides it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NodeFileSystem } from '../host/nodeFileSystem';
import { DiskSyntaxStore } from '../host/syntaxStore';
import { LanguageService } from '../service/index';
import type { EnvArgs } from './args';
import type { CliIO } from './check';
import { buildReport, type ReportVariable } from './report';

export function runEnv(args: EnvArgs, io: CliIO): number {
  const roots = [...new Set(args.paths.map((p) => path.resolve(io.cwd, p)))];
  const missingRoot = roots.find((root) => !fs.existsSync(root));
  if (missingRoot) {
    io.stderr(`django-ready: ${missingRoot} does not exist\n`);
    return 2;
  }
  const service = new LanguageService(new NodeFileSystem(), { syntaxStore: DiskSyntaxStore.open() });
  const projects = service.discover(roots, { overrides: args.settings ? { settingsModule: args.settings } : undefined }).projects;
  if (!projects.length) {
    io.stderr(`django-ready: no Django project found (no manage.py) under ${roots.join(', ')}\n`);
    return 2;
  }
  const report = buildReport(
    projects.map((project) => service.analyze(project)),
    io.cwd,
    () => true,
  );
  const variables = report.projects.map((project) => ({
    root: project.root,
    name: project.name,
    settingsModule: project.settingsModule,
    environment: merge(project.environment),
  }));
  if (args.format === 'json') io.stdout(`${JSON.stringify({ tool: report.tool, projects: variables }, null, 2)}\n`);
  else io.stdout(variables.map((project) => renderProject(project)).join('\n'));
  return variables.some((project) => project.environment.some((variable) => variable.required && variable.status === 'missing')) ? 1 : 0;
}

interface Variable {
  name: string;
  required: boolean;
  default: unknown;
  /** Where the settings read it. */
  readAt: { file: string; line: number }[];
  status: ReportVariable['status'];
  providedBy: ReportVariable['providedBy'];
}

/** One entry per variable: required if any read requires it. */
function merge(reads: ReportVariable[]): Variable[] {
  const byName = new Map<string, Variable>();
  for (const read of reads) {
    const existing = byName.get(read.name);
    if (!existing) {
      byName.set(read.name, {
        name: read.name,
        required: read.required,
        default: read.default,
        readAt: [{ file: read.file, line: read.line }],
        status: read.status,
        providedBy: read.providedBy,
      });
      continue;
    }
    existing.required ||= read.required;
    existing.readAt.push({ file: read.file, line: read.line });
  }
  return [...byName.values()].sort((a, b) => Number(b.required) - Number(a.required) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function renderProject(project: { root: string; name: string; settingsModule: string | null; environment: Variable[] }): string {
  const lines = [`${project.name}  ${project.root}  ·  settings ${project.settingsModule ?? '(none)'}`];
  if (!project.environment.length) lines.push('  The production settings read no environment variables.');
  for (const variable of project.environment) {
    const need = variable.required ? 'required' : `optional, default ${JSON.stringify(variable.default)}`;
    const read = variable.readAt.map((at) => `${at.file}:${at.line + 1}`).join(', ');
    const where =
      variable.status === 'provided'
        ? `provided by ${variable.providedBy.map((by) => `${by.source} (${by.file}:${by.line + 1})${by.template ? ' [template]' : ''}`).join('; ')}`
        : variable.status === 'missing'
          ? 'NOT PROVIDED by the deployment'
          : 'not in the repository (set where production runs?)';
    lines.push(`  ${variable.name}  ${need}  read at ${read}  ${where}`);
  }
  return `${lines.join('\n')}\n`;
}
