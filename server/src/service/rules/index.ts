// Every checklist area's checker, in checklist order. Importing this module registers all rule codes.
import { appsLibsLayoutChecker } from './appsLibsLayout';
import { dbConnectionsChecker } from './dbConnections';
import { environmentManifestChecker } from './environmentManifest';
import { errorReportingChecker } from './errorReporting';
import { html5BaseChecker } from './html5Base';
import { processSupervisorChecker } from './processSupervisor';
import type { Checker } from './rule';
import { securityChecker } from './security';
import { sessionCacheChecker } from './sessionCache';
import { settingsModelChecker } from './settingsModel';
import { startupChecker } from './startup';
import { staticFilesChecker } from './staticFiles';
import { templateLoaderChecker } from './templateLoader';
import { templatesLocationChecker } from './templatesLocation';

export const CHECKERS: readonly Checker[] = [
  settingsModelChecker,
  startupChecker,
  environmentManifestChecker,
  dbConnectionsChecker,
  templateLoaderChecker,
  sessionCacheChecker,
  appsLibsLayoutChecker,
  templatesLocationChecker,
  html5BaseChecker,
  processSupervisorChecker,
  securityChecker,
  staticFilesChecker,
  errorReportingChecker,
];
