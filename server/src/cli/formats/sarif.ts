// SARIF 2.1.0 for code-scanning tools (GitHub code scanning, Azure DevOps, ...).
import type * as Sarif from 'sarif';
import { allRuleMetas, docsUrl } from '../../service/rules/registry';
import { TOOL_URL } from '../../version';
import type { Report } from '../report';

const LEVEL: Record<string, Sarif.ReportingConfiguration.level> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

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
            rules: metas.map((meta) => ({
              id: meta.code,
              name: meta.title.replace(/[^A-Za-z0-9]+(.)?/g, (_m, ch: string | undefined) => (ch ? ch.toUpperCase() : '')),
              shortDescription: { text: meta.title },
              helpUri: docsUrl(meta.code),
              defaultConfiguration: { level: LEVEL[meta.severity] },
              properties: { area: meta.area, djangoId: meta.djangoId, fixable: meta.fixable },
            })),
          },
        },
        originalUriBaseIds: { '%SRCROOT%': { uri: cwdUri.endsWith('/') ? cwdUri : cwdUri + '/' } },
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}
