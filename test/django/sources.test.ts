// The version facts Django Ready is built on, read back from each referee's own Django: which check ids its system
// check registry reports (and whether only under --deploy), which settings global_settings defines, which settings
// must be lists, which EMAIL_* settings 6.1 deprecates, its development mail backends and the CSP nonce placeholder.
// A fact that no longer matches the Django we ship against fails here, by name, instead of as a puzzling parity diff.
import assert from 'node:assert/strict';
import * as os from 'node:os';
import { before, describe, test } from 'node:test';
import { DJANGO_ID_SERIES, djangoIdApplies } from '../../server/src/service/rules/djangoIds';
import { CSP_CONTEXT_PROCESSOR, CSP_MIDDLEWARE, NONCE_SENTINEL } from '../../server/src/service/rules/security/contentSecurityPolicy';
import { DEVELOPMENT_MAIL_BACKENDS } from '../../server/src/service/rules/security/mailers';
import { LIST_SETTINGS } from '../../server/src/service/rules/startup/listSettings';
import { DEPRECATED_EMAIL_SETTINGS } from '../../server/src/service/rules/startup/mailSettings';
import { SETTING_LIFETIMES } from '../../server/src/service/rules/startup/unusedSettings';
import { versionAtLeast } from '../../server/src/service/project/dependencies';
import { DJANGO_SERIES, type DjangoSeries, runPythonSync } from './djangoCheck';

const FACTS = String.raw`
import importlib, inspect, json, re, sys
import django
from django.conf import settings
settings.configure()
django.setup()
import django.conf, django.conf.global_settings as defaults
from django.core.checks.registry import registry
from django.core.checks.messages import CheckMessage

ids = {}
for deploy, checks in ((False, registry.registered_checks), (True, registry.deployment_checks)):
    for check in checks:
        found = set()
        try:
            found.update(re.findall(r"id=[\"']([\w.]+)[\"']", inspect.getsource(check)))
        except (OSError, TypeError):
            pass
        code = getattr(check, "__code__", None)
        for name in code.co_names if code else ():
            value = getattr(check, "__globals__", {}).get(name)
            if isinstance(value, CheckMessage):
                found.add(value.id)
        for id in found:
            ids.setdefault(id, set()).add(deploy)

source = inspect.getsource(django.conf)
match = re.search(r"tuple_settings = \(([^)]*)\)", source)
def optional(module, attribute):
    try:
        return getattr(importlib.import_module(module), attribute)
    except (ImportError, AttributeError):
        return None
nonce = optional("django.utils.csp", "CSP")
print(json.dumps({
    "ids": {id: sorted(flags) for id, flags in ids.items()},
    "settings": sorted(name for name in dir(defaults) if name.isupper()),
    "mailers": "MAILERS" in inspect.getsource(importlib.import_module("django.core.mail")),
    "listSettings": re.findall(r"\"(\w+)\"|'(\w+)'", match.group(1)) if match else [],
    "deprecatedEmail": sorted(getattr(django.conf, "DEPRECATED_EMAIL_SETTINGS", [])),
    "developmentBackends": sorted(optional("django.core.checks.mail", "NON_PRODUCTION_EMAIL_BACKENDS") or []),
    "nonce": str(nonce.NONCE) if nonce else None,
    "cspMiddleware": optional("django.middleware.csp", "ContentSecurityPolicyMiddleware") is not None,
    "cspProcessor": optional("django.template.context_processors", "csp") is not None,
}))
`;

interface Facts {
  ids: Record<string, boolean[]>;
  settings: string[];
  mailers: boolean;
  listSettings: [string, string][];
  deprecatedEmail: string[];
  developmentBackends: string[];
  nonce: string | null;
  cspMiddleware: boolean;
  cspProcessor: boolean;
}

const versionOf = (series: DjangoSeries): { major: number; minor: number } => {
  const [major, minor] = series.split('.').map(Number);
  return { major, minor };
};

for (const series of DJANGO_SERIES) {
  describe(`facts read from Django ${series}'s own sources`, () => {
    let facts: Facts;
    const version = versionOf(series);

    before(() => {
      const run = runPythonSync(series, ['-c', FACTS], { cwd: os.tmpdir() });
      assert.equal(run.status, 0, run.stderr);
      facts = JSON.parse(run.stdout) as Facts;
    });

    test('each mirrored check id exists exactly in the series rules/djangoIds.ts says, deploy-only where it says', () => {
      for (const [id, range] of Object.entries(DJANGO_ID_SERIES)) {
        const applies = djangoIdApplies(id, version);
        assert.equal(id in facts.ids, applies, `${id} ${applies ? 'should be' : 'should not be'} registered in Django ${series}`);
        if (applies) assert.deepEqual(facts.ids[id], [range.deploy], `${id}: deploy=${facts.ids[id]} in Django ${series}`);
      }
    });

    test('the settings DR022 says this series ignores are exactly those global_settings lacks', () => {
      for (const [name, lifetime] of Object.entries(SETTING_LIFETIMES)) {
        const read =
          (!lifetime.since || versionAtLeast(version, ...lifetime.since)) && (!lifetime.removedIn || !versionAtLeast(version, ...lifetime.removedIn));
        // MAILERS has no default (it is commented out in global_settings); Django's mail code reads it.
        const present = name === 'MAILERS' ? facts.mailers : facts.settings.includes(name);
        assert.equal(present, read, `${name} in Django ${series}`);
      }
    });

    test('the settings that must be lists or tuples are the ones Django tests', () => {
      const ours = LIST_SETTINGS.filter(({ since }) => versionAtLeast(version, ...since))
        .map(({ name }) => name)
        .sort();
      assert.deepEqual(facts.listSettings.map(([a, b]) => a || b).sort(), ours);
    });

    test('the deprecated EMAIL_* settings, the development mail backends and the CSP names match', () => {
      const is61 = versionAtLeast(version, 6, 1);
      assert.deepEqual(facts.deprecatedEmail, is61 ? [...DEPRECATED_EMAIL_SETTINGS].sort() : []);
      assert.deepEqual(facts.developmentBackends, is61 ? Object.keys(DEVELOPMENT_MAIL_BACKENDS).sort() : []);
      const hasCsp = versionAtLeast(version, 6, 0);
      assert.equal(facts.nonce, hasCsp ? NONCE_SENTINEL : null);
      assert.equal(facts.cspMiddleware, hasCsp, CSP_MIDDLEWARE);
      assert.equal(facts.cspProcessor, hasCsp, CSP_CONTEXT_PROCESSOR);
    });
  });
}
