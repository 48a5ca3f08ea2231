// Settings Django itself rejects or ignores, judged for the project's Django version: values that stop it from
// starting (DR020, DR021), settings that version does not read (DR022), and 6.1's move from EMAIL_* to MAILERS (DR023).
import type { Checker } from '../rule';
import { checkExclusiveSettings } from './exclusiveSettings';
import { checkListSettings } from './listSettings';
import { checkEmailSettings } from './mailSettings';
import { checkUnusedSettings } from './unusedSettings';

export const startupChecker: Checker = {
  area: 'settings',
  // The area also holds the reading problems, whose checker runs without settings; this one just has nothing to say.
  needsSettings: false,
  run(context) {
    const view = context.settings;
    if (!view) return;
    checkListSettings(context, view);
    checkExclusiveSettings(context, view);
    checkUnusedSettings(context, view);
    checkEmailSettings(context, view);
  },
};
