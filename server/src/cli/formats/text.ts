// Human output: grouped by project and checklist area, with a readiness score. Colours only on a terminal.
import type { Report, ReportProject } from '../report';
import { printableDeep } from './printable';

interface Palette {
  red(text: string): string;
  yellow(text: string): string;
  green(text: string): string;
  blue(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function palette(color: boolean): Palette {
  const wrap = (open: number, close: number) => (text: string) => (color ? `\x1b[${open}m${text}\x1b[${close}m` : text);
  return { red: wrap(31, 39), yellow: wrap(33, 39), green: wrap(32, 39), blue: wrap(34, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

const STATUS_MARK = { pass: '✓', fail: '✗', warn: '!', unknown: '?', off: '-' } as const;

export function renderText(unsafe: Report, color: boolean): string {
  // Our own colours are added after the repository's text is made printable.
  const report = printableDeep(unsafe);
  const c = palette(color);
  const out: string[] = [];
  for (const project of report.projects) out.push(...renderProject(project, c), '');
  const totals: Record<string, number> = {};
  for (const finding of report.projects.flatMap((p) => p.findings)) totals[finding.severity] = (totals[finding.severity] ?? 0) + 1;
  const parts = ['error', 'warning', 'info', 'hint'].filter((s) => totals[s]).map((s) => `${totals[s]} ${s}${totals[s] === 1 ? '' : 's'}`);
  out.push(parts.length ? `Found ${parts.join(', ')}.` : 'No problems found.');
  return `${out.join('\n')}\n`;
}

function renderProject(project: ReportProject, c: Palette): string[] {
  const lines: string[] = [];
  const version = `Django ${project.djangoVersion}${project.djangoVersionSource === 'default' ? ' (assumed)' : ''}`;
  const settings = project.settingsModule ? `settings ${project.settingsModule}` : 'no settings module';
  lines.push(c.bold(`${project.name}`) + c.dim(`  ${project.root}  ·  ${settings}  ·  ${version}`));
  lines.push(`Readiness ${c.bold(`${project.score.passed}/${project.score.total}`)}`);
  for (const area of project.checklist) {
    const findings = project.findings.filter((f) => f.area === area.area);
    if (area.area === 'settings' && area.status === 'pass' && !findings.length) continue;
    const mark = STATUS_MARK[area.status];
    const colour = area.status === 'pass' ? c.green : area.status === 'fail' ? c.red : area.status === 'warn' ? c.yellow : c.dim;
    lines.push(`  ${colour(mark)} ${area.title}${area.status === 'pass' || findings.length ? '' : c.dim(` — ${area.reason}`)}`);
    for (const finding of findings) {
      const where = `${project.root === '.' ? '' : `${project.root}/`}${finding.file}:${finding.range.start.line + 1}:${finding.range.start.character + 1}`;
      const severity = finding.severity === 'error' ? c.red('error') : finding.severity === 'warning' ? c.yellow('warning') : c.blue(finding.severity);
      const id = finding.djangoId ? c.dim(` [${finding.djangoId}]`) : '';
      const fix = finding.fix ? c.dim(' (fixable)') : '';
      lines.push(`      ${where}  ${severity}  ${c.bold(finding.code)}  ${finding.message}${id}${fix}`);
    }
  }
  for (const process of project.processes.filter((p) => p.production)) {
    const restarts =
      process.supervisor.restarts === true
        ? 'restarted by'
        : process.supervisor.restarts === false
          ? 'not restarted:'
          : 'restarts decided outside the repository:';
    lines.push(
      c.dim(
        `  Runs ${process.roles.join('+')}: ${process.program}${process.workers?.count ? ` (${process.workers.count} workers)` : ''} from ${process.startedBy.file} (${process.name}), ${restarts} ${process.supervisor.by} (${process.supervisor.detail})`,
      ),
    );
  }
  const required = [...new Map(project.environment.filter((e) => e.required).map((e) => [e.name, e])).values()];
  if (required.length)
    lines.push(
      c.dim(
        `  Production must set: ${required.map((e) => `${e.name}${e.status === 'provided' ? '' : e.status === 'missing' ? ' (not provided)' : ''}`).join(', ')}`,
      ),
    );
  return lines;
}
