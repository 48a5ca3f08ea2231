// security.W008 (redirect HTTP to HTTPS), and our own checks of how Django learns a request was HTTPS behind a
// proxy: SECURE_PROXY_SSL_HEADER's shape, and a redirect that would loop because the header is missing.
import { mergeChanges } from '../../fixes/textEdits';
import { pythonString } from '../../python/strings';
import { alternatives, truthy, type Value } from '../../python/values';
import type { SettingsView } from '../../settings/settingsView';
import type { Fix } from '../../types';
import { makeFinding } from '../../finding';
import { defineCode } from '../../codes';
import type { RuleContext } from '../rule';
import { isNotTrue, securityMiddleware } from './predicates';
import { onlyInProduction, productionValueFix, setSettingFix } from './productionValues';
import { describeServer, findProxiedServer, findProxyHeader, type ProxyHeader } from './proxiedServer';
import { runSettingRule } from './settingRule';

const SSL_REDIRECT_OFF = defineCode({
  code: 'DR908',
  area: 'security',
  title: 'HTTP not redirected to HTTPS (SECURE_SSL_REDIRECT)',
  severity: 'warning',
  djangoId: 'security.W008',
  fixable: true,
  settings: ['SECURE_SSL_REDIRECT', 'SECURE_PROXY_SSL_HEADER'],
});

const PROXY_HEADER_MALFORMED = defineCode({
  code: 'DR951',
  area: 'security',
  title: 'SECURE_PROXY_SSL_HEADER never matches',
  severity: 'warning',
  fixable: true,
  settings: ['SECURE_PROXY_SSL_HEADER'],
});

const REDIRECT_LOOP_BEHIND_PROXY = defineCode({
  code: 'DR952',
  area: 'security',
  title: 'HTTPS redirect behind a proxy without SECURE_PROXY_SSL_HEADER',
  severity: 'warning',
  fixable: true,
  settings: ['SECURE_PROXY_SSL_HEADER'],
});

const FORWARDED_PROTO = '("HTTP_X_FORWARDED_PROTO", "https")';

export function checkHttps(context: RuleContext, view: SettingsView): void {
  const security = securityMiddleware(view);
  const behindProxy = unannouncedProxy(context, view);
  const proxy = behindProxy && findProxyHeader(context.project, context.fs);
  runSettingRule(context, view, {
    meta: SSL_REDIRECT_OFF,
    setting: 'SECURE_SSL_REDIRECT',
    gates: [security],
    fails: isNotTrue,
    advice:
      behindProxy && !proxy
        ? `Requests over plain HTTP are served as they come, and ${describeServer(behindProxy)}, so a proxy in front terminates HTTPS: redirect to HTTPS there (and add "security.W008" to SILENCED_SYSTEM_CHECKS), or set SECURE_PROXY_SSL_HEADER to the header it sets before turning this on, or Django redirects forever`
        : 'Requests over plain HTTP are served as they come; set it to True (or redirect in your proxy and add "security.W008" to SILENCED_SYSTEM_CHECKS)',
    fix: (offender, setting) => {
      const redirect = productionValueFix(view, setting, offender, (at) => onlyInProduction(view, 'SECURE_SSL_REDIRECT', at));
      // Behind a proxy Django only learns a request was HTTPS from the proxy's header: the redirect alone would loop.
      if (!redirect || !behindProxy) return redirect;
      if (!proxy) return null;
      const trust = proxyHeaderFix(view, proxy);
      return { title: `${redirect.title}, trusting ${proxy.header} from ${proxy.shownBy}`, changes: mergeChanges([...redirect.changes, ...trust.changes]) };
    },
  });
  runSettingRule(context, view, {
    meta: PROXY_HEADER_MALFORMED,
    setting: 'SECURE_PROXY_SSL_HEADER',
    fails: proxyHeaderFails,
    problem: (value) => `SECURE_PROXY_SSL_HEADER ${inspectProxyHeader(value)!.problem}`,
    advice: `Django then treats every request as plain HTTP; use ${FORWARDED_PROTO} (or the header your proxy sets, written as request.META spells it)`,
    fix: (offender) => {
      const fixed = inspectProxyHeader(offender.value)?.fixed ?? FORWARDED_PROTO;
      return setSettingFix(view, 'SECURE_PROXY_SSL_HEADER', fixed, { at: offender.location });
    },
  });
  checkRedirectBehindProxy(context, view, security.holds);
}

interface ProxyHeaderVerdict {
  /** What is wrong, after "SECURE_PROXY_SSL_HEADER"; undefined when it is fine. */
  problem?: string;
  /** The corrected tuple, as Python source. */
  fixed?: string;
}

/** Django unpacks the setting as `header, value` and compares `request.META[header] == value` exactly. */
function inspectProxyHeader(value: Value): ProxyHeaderVerdict | undefined {
  if (value.kind === 'unknown' || value.kind === 'union') return undefined;
  if ((value.kind !== 'tuple' && value.kind !== 'list') || value.partial || value.items.length !== 2) {
    return { problem: 'is not a (header, value) pair', fixed: FORWARDED_PROTO };
  }
  const [header, expected] = value.items;
  if (header.kind === 'unknown' || expected.kind === 'unknown') return undefined;
  if (header.kind !== 'str' || expected.kind !== 'str') return { problem: 'must hold two strings', fixed: FORWARDED_PROTO };
  const metaName = metaHeaderName(header.value);
  const problems: string[] = [];
  if (metaName !== header.value) problems.push(`names "${header.value}", but request.META spells that header "${metaName}"`);
  // Only headers with a convention have a known value; a CDN's own header (Fastly-SSL: 1) is taken as written.
  const wanted = KNOWN_HEADER_VALUES[metaName] ?? expected.value;
  if (wanted !== expected.value) problems.push(`expects "${expected.value}", but proxies send "${wanted}" and Django compares exactly`);
  if (!problems.length) return {};
  return { problem: problems.join(', and '), fixed: `(${pythonString(metaName)}, ${pythonString(wanted)})` };
}

function proxyHeaderFails(value: Value): boolean | undefined {
  if (value.kind === 'none') return false;
  const verdict = inspectProxyHeader(value);
  return verdict === undefined ? undefined : verdict.problem !== undefined;
}

/** "X-Forwarded-Proto" and "x_forwarded_proto" become "HTTP_X_FORWARDED_PROTO", as WSGI puts them in META. */
function metaHeaderName(header: string): string {
  const upper = header.trim().toUpperCase().replace(/-/g, '_');
  return upper.startsWith('HTTP_') ? upper : `HTTP_${upper}`;
}

/** What proxies send in the headers that have a convention (X-Forwarded-Ssl and Front-End-Https say "on"). */
const KNOWN_HEADER_VALUES: Record<string, string> = {
  HTTP_X_FORWARDED_PROTO: 'https',
  HTTP_X_FORWARDED_SCHEME: 'https',
  HTTP_X_SCHEME: 'https',
  HTTP_CLOUDFRONT_FORWARDED_PROTO: 'https',
  HTTP_X_FORWARDED_SSL: 'on',
  HTTP_FRONT_END_HTTPS: 'on',
};

/** The server behind a proxy the repository shows, when SECURE_PROXY_SSL_HEADER does not tell Django about the proxy. */
function unannouncedProxy(context: RuleContext, view: SettingsView): ReturnType<typeof findProxiedServer> {
  if (!alternatives(view.value('SECURE_PROXY_SSL_HEADER')).every((value) => value.kind === 'none')) return undefined;
  return findProxiedServer(context.project, context.fs);
}

/** SECURE_PROXY_SSL_HEADER for the proxy that sets it, with a comment naming what shows it. */
function proxyHeaderFix(view: SettingsView, proxy: ProxyHeader): Fix {
  const header = `(${pythonString(proxy.header)}, ${pythonString(proxy.value)})`;
  return setSettingFix(view, 'SECURE_PROXY_SSL_HEADER', header, { comment: `Set by ${proxy.shownBy}.`, title: `Trust ${proxy.header} from ${proxy.shownBy}` });
}

function checkRedirectBehindProxy(context: RuleContext, view: SettingsView, securityMiddleware: boolean | undefined): void {
  if (securityMiddleware !== true) return;
  const redirect = view.get('SECURE_SSL_REDIRECT');
  if (truthy(redirect.value) !== true) return;
  const server = unannouncedProxy(context, view);
  if (!server) return;
  const location = redirect.binding?.statement ?? view.anchor();
  const proxy = findProxyHeader(context.project, context.fs);
  const header = proxy ? `(${pythonString(proxy.header)}, ${pythonString(proxy.value)})` : FORWARDED_PROTO;
  const message =
    `SECURE_SSL_REDIRECT is on, but ${describeServer(server)}, so a proxy in front terminates HTTPS and Django sees every request as HTTP: ` +
    `it redirects forever. Set SECURE_PROXY_SSL_HEADER to the header your proxy sets, e.g. ${header}, and make the proxy drop it from client requests.`;
  // The header is only written when the repository shows the proxy that sets it; trusting one nobody sets would let
  // any client claim HTTPS.
  context.report(
    makeFinding(REDIRECT_LOOP_BEHIND_PROXY, location, message, {
      related: [{ location: server.location, message: `${server.server} listens on ${server.bind} here` }, ...view.chainTo(location)],
      fix: proxy ? proxyHeaderFix(view, proxy) : null,
    }),
  );
}
