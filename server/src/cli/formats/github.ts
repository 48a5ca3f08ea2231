// GitHub Actions workflow commands: one annotation per finding.
import type { Report } from '../report';
import { printableDeep } from './printable';

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export function renderGithub(unsafe: Report): string {
  const report = printableDeep(unsafe);
  const lines: string[] = [];
  for (const project of report.projects) {
    for (const finding of project.findings) {
      const level = finding.severity === 'error' ? 'error' : finding.severity === 'warning' ? 'warning' : 'notice';
      const file = project.root === '.' ? finding.file : `${project.root}/${finding.file}`;
      const { start, end } = finding.range;
      const title = finding.djangoId ? `${finding.code} (${finding.djangoId})` : finding.code;
      const props = [
        `file=${escapeProperty(file)}`,
        `line=${start.line + 1}`,
        `col=${start.character + 1}`,
        `endLine=${end.line + 1}`,
        `endColumn=${end.character + 1}`,
        `title=${escapeProperty(title)}`,
      ];
      lines.push(`::${level} ${props.join(',')}::${escapeData(finding.message)}`);
    }
  }
  return lines.length ? `${lines.join('\n')}\n` : '';
}
