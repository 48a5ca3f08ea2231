// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, ...).
import type * as Sarif from 'sarif';
import { plainText, ruleDoc } from './ruleDocs';
import { TOOL_URL } from '../../version';
import type { Report } from '../report';
import { allRuleMetas, docsUrl, type RuleMeta } from '../../service/index';

const LEVEL: Record<string, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** "numprocs=0 starts no process" -> "Numprocs0StartsNoProcess", "Insecure SECRET_KEY" -> "InsecureSecretKey". */
function pascalCase(title: string): string {
  return title
    .replace(/'/g, '')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0].toUpperCase() + (word === word.toUpperCase() ? word.slice(1).toLowerCase() : word.slice(1)))
    .join('');
}

/** A rule as GitHub code scanning shows it: a readable name, both descriptions, and help text with the docs link. */
function sarifRule(meta: RuleMeta): Sarif.ReportingDescriptor {
  const doc = ruleDoc(meta.code);
  const url = docsUrl(meta.code);
  const meaning = doc?.meaning ?? `${meta.title}.`;
  const fix = doc?.fix ?? 'See the docs page for what to do.';
  const django = meta.djangoId ? ` Django reports it as ${meta.djangoId}.` : '';
  return {
    id: meta.code,
    name: pascalCase(meta.title),
    shortDescription: { text: meta.title },
    fullDescription: { text: `${plainText(meaning)}${django}`, markdown: `${meaning}${django}` },
    help: {
      text: `${plainText(fix)}\n\nDocs: ${url}`,
      markdown: `## How to fix\n\n${fix}\n\n[${meta.code}: ${meta.title}](${url})`,
    },
    helpUri: url,
    defaultConfiguration: { level: LEVEL[meta.severity] },
    properties: { area: meta.area, djangoId: meta.djangoId, fixable: meta.fixable, tags: ['django', meta.area] },
  };
}

export function renderSarif(report: Report, cwdUri: string): string {
  const metas = allRuleMetas();
  const index = new Map(metas.map((meta, i) => [meta.code, i]));
  const results: Sarif.Result[] = [];
  for (const project of report.projects) {
    for (const finding of project.findings) {
      const uri = project.root === '.' ? finding.file : `${project.root}/${finding.file}`;
      const { start, end } = finding.range;
      results.push({
        ruleId: finding.code,
        ruleIndex: index.get(finding.code),
        level: LEVEL[finding.severity],
        message: { text: finding.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: encodeURI(uri), uriBaseId: '%SRCROOT%' },
              region: { startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 },
            },
          },
        ],
        properties: { djangoId: finding.djangoId, area: finding.area, fixAvailable: finding.fix !== null },
      });
    }
  }
  const log: Sarif.Log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            informationUri: TOOL_URL,
            rules: metas.map(sarifRule),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri.endsWith('/') ? cwdUri : `${cwdUri}/` } },
        results,
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
