// Findings about reading the settings themselves: syntax errors, import cycles, modules that cannot be
// found or read, and which module is judged as production.
import type { ProblemKind } from '../python/evalContext';
import type { DiscoveryProblem } from '../project/model';
import { makeFinding } from '../finding';
import { defineCode, type RuleMeta } from '../codes';
import type { Checker } from './rule';

const SYNTAX_ERROR = defineCode({ code: 'DR001', area: 'settings', title: 'Syntax error in a settings module', severity: 'error' });
const IMPORT_CYCLE = defineCode({ code: 'DR002', area: 'settings', title: 'Circular import between settings modules', severity: 'error' });
const UNRESOLVED_IMPORT = defineCode({ code: 'DR003', area: 'settings', title: 'Settings import that cannot be found', severity: 'warning' });
const UNREADABLE = defineCode({ code: 'DR004', area: 'settings', title: 'Settings module that cannot be read', severity: 'warning' });
const INVALID_UTF8 = defineCode({ code: 'DR005', area: 'settings', title: 'Settings module that is not UTF-8', severity: 'error' });
const NO_PRODUCTION_MODULE = defineCode({ code: 'DR006', area: 'settings', title: 'No production settings module', severity: 'info' });
const SETTINGS_NOT_FOUND = defineCode({ code: 'DR007', area: 'settings', title: 'Settings module not found', severity: 'error' });
const UNREADABLE_FOLDER = defineCode({ code: 'DR008', area: 'settings', title: 'Folder that cannot be read', severity: 'info' });
const TOO_COMPLEX = defineCode({ code: 'DR009', area: 'settings', title: 'Settings too complex to follow', severity: 'info' });
const CONFIG_ERROR = defineCode({ code: 'DR010', area: 'settings', title: 'Invalid [tool.django-ready] configuration', severity: 'warning' });
const LOST_SIGHT = defineCode({ code: 'DR011', area: 'settings', title: 'Settings the engine cannot follow', severity: 'info' });
const RAISES = defineCode({ code: 'DR012', area: 'settings', title: 'Settings that raise on import', severity: 'warning' });

const PROBLEM_CODES: Record<ProblemKind, RuleMeta> = {
  'syntax-error': SYNTAX_ERROR,
  'import-cycle': IMPORT_CYCLE,
  'unresolved-import': UNRESOLVED_IMPORT,
  unreadable: UNREADABLE,
  'parse-failed': UNREADABLE,
  'invalid-utf8': INVALID_UTF8,
  'too-complex': TOO_COMPLEX,
  'lost-sight': LOST_SIGHT,
  raises: RAISES,
};

const DISCOVERY_CODES: Record<DiscoveryProblem['kind'], RuleMeta> = {
  'unreadable-dir': UNREADABLE_FOLDER,
  'settings-not-found': SETTINGS_NOT_FOUND,
  'config-error': CONFIG_ERROR,
  limit: UNREADABLE_FOLDER,
};

export const settingsModelChecker: Checker = {
  area: 'settings',
  needsSettings: false,
  run(context) {
    const { project, evaluation, settings } = context;
    for (const problem of project.problems) context.report(makeFinding(DISCOVERY_CODES[problem.kind], problem.location, problem.message));
    for (const problem of evaluation?.problems ?? []) {
      context.report(makeFinding(PROBLEM_CODES[problem.kind], problem.location, problem.message, { related: problem.related }));
    }
    if (settings && project.productionGuessed) {
      context.report(
        makeFinding(
          NO_PRODUCTION_MODULE,
          { file: settings.file, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
          `${project.productionReason} Create a production module (e.g. ${settings.moduleName.split('.').slice(0, -1).concat('production').join('.')}) that imports it, or choose one with --settings, the djangoReady.settingsModule setting or [tool.django-ready] settings-module.`,
        ),
      );
    }
  },
};
