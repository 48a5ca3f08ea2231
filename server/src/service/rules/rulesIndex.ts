// The markdown index of every code, grouped by checklist area (docs/rules/README.md).
import { AREAS } from '../types';
import { describeIdSeries } from './djangoIds';
import './index';
import { allRuleMetas } from '../codes';
import { AREA_TITLES } from './rule';

export function renderRulesIndex(): string {
  const lines = [
    '# Django Ready rules',
    '',
    'Every diagnostic code, by checklist area. Codes are stable: a code never changes meaning. The Django column gives',
    'the `manage.py check` id reporting the same problem (listing it in `SILENCED_SYSTEM_CHECKS` silences ours too),',
    'with the Django series that report it.',
    '',
  ];
  for (const area of AREAS) {
    const metas = allRuleMetas().filter((meta) => meta.area === area);
    if (!metas.length) continue;
    lines.push(`## ${AREA_TITLES[area]} (\`${area}\`)`, '', '| Code | Problem | Severity | Django | Fix |', '|---|---|---|---|---|');
    for (const meta of metas) {
      lines.push(
        `| [${meta.code}](${meta.code}.md) | ${meta.title.replace(/\|/g, '\\|')} | ${meta.severity} | ${meta.djangoId ? djangoColumn(meta.djangoId) : ''} | ${meta.fixable ? 'yes' : ''} |`,
      );
    }
    lines.push('');
  }
  return lines.join('\n');
}

function djangoColumn(djangoId: string): string {
  const series = describeIdSeries(djangoId);
  return `\`${djangoId}\`${series ? ` (${series})` : ''}`;
}
