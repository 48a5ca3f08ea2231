// Production seen from any settings module, through the real server: hover on a setting name, inlay hints where
// production ends with another value, and the effective settings of a module as a document.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import type { Hover, InlayHint, MarkupContent } from 'vscode-languageserver';
import { SETTINGS_DOCUMENT_REQUEST, type SettingsDocument } from '../../server/src/protocol';
import { clientsFor, type LspTestClient, settingsPackage, uriOf } from './harness';

const BASE = `import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent.parent
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "django-insecure-dev-key")
DEBUG = True
ALLOWED_HOSTS = []
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes", "django.contrib.sessions"]
`;
const PRODUCTION = `from .base import *

DEBUG = False
ALLOWED_HOSTS = ["shop.example.com"]
`;
const DEVELOPMENT = `from .base import *

DEBUG = True
INTERNAL_IPS = ["127.0.0.1"]
`;

const start = clientsFor();

async function project(): Promise<{ client: LspTestClient; root: string; base: string; production: string; development: string }> {
  const root = settingsPackage('development', { base: BASE, production: PRODUCTION, development: DEVELOPMENT });
  const file = (name: string): string => path.join(root, 'conf', 'settings', `${name}.py`);
  const client = await start(root, ['DR909', 'DR918']);
  await client.open(file('base'));
  await client.waitForCodes(file('base'), ['DR909']);
  return { client, root, base: file('base'), production: file('production'), development: file('development') };
}

/** Hover at the first occurrence of `word` on the line that starts with `linePrefix`. */
async function hoverAt(client: LspTestClient, file: string, text: string, linePrefix: string, word: string): Promise<Hover | null> {
  const lines = text.split('\n');
  const line = lines.findIndex((candidate) => candidate.startsWith(linePrefix));
  assert.ok(line >= 0, `a line starting with ${linePrefix}`);
  const character = lines[line].indexOf(word) + 1;
  return client.request<Hover | null>('textDocument/hover', { textDocument: { uri: uriOf(file) }, position: { line, character } });
}

const markdown = (hover: Hover | null): string => (hover?.contents as MarkupContent | undefined)?.value ?? '';

async function hints(client: LspTestClient, file: string): Promise<string[]> {
  const result = await client.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri: uriOf(file) },
    range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } },
  });
  return result.map((hint) => `${hint.position.line + 1}: ${String(hint.label)}`);
}

describe('hover on a setting name', () => {
  test("in base.py: production's value, the modules that set it in order (links), and its finding", async () => {
    const { client, base, production } = await project();
    const hover = await hoverAt(client, base, BASE, 'DEBUG = ', 'DEBUG');
    const text = markdown(hover);
    assert.match(text, /^\*\*DEBUG\*\* in production \(`conf\.settings\.production`\): `False`/);
    const baseLink = `[base.py:6](${uriOf(base)}#L6) \`conf.settings.base\`: \`True\``;
    const productionLink = `[production.py:3](${uriOf(production)}#L3) \`conf.settings.production\`: \`False\``;
    assert.ok(text.includes(`1. ${baseLink}\n2. ${productionLink}`), text);
    assert.doesNotMatch(text, /does not load/);
    assert.deepEqual(hover?.range, { start: { line: 5, character: 0 }, end: { line: 5, character: 5 } });
  });

  test('an environment read: the variable, what its default gives, and the finding about it', async () => {
    const { client, base } = await project();
    const text = markdown(await hoverAt(client, base, BASE, 'SECRET_KEY', 'SECRET_KEY'));
    assert.match(text, /`"django-insecure-dev-key"`/);
    assert.match(
      text,
      /Reads the environment variable `DJANGO_SECRET_KEY` \(`os\.environ\.get`, \[base\.py:5\]\([^)]+#L5\)\): unset, it gives `"django-insecure-dev-key"`\./,
    );
    assert.match(text, /Findings:\n- warning \*\*DR909\*\* Insecure SECRET_KEY: /);
  });

  test("in a development module: production's value, and that production does not load the module", async () => {
    const { client, development } = await project();
    await client.open(development);
    const text = markdown(await hoverAt(client, development, DEVELOPMENT, 'DEBUG', 'DEBUG'));
    assert.match(text, /^\*\*DEBUG\*\* in production \(`conf\.settings\.production`\): `False`/);
    assert.match(text, /_Production does not load this module\._/);
    const internal = markdown(await hoverAt(client, development, DEVELOPMENT, 'INTERNAL_IPS', 'INTERNAL_IPS'));
    assert.match(internal, /Not set anywhere production loads\./);
  });

  test('nothing on what is not a setting name: a string, an attribute, a lower-case name', async () => {
    const { client, base } = await project();
    assert.equal(await hoverAt(client, base, BASE, 'SECRET_KEY', 'DJANGO_SECRET_KEY'), null, 'inside a string');
    assert.equal(await hoverAt(client, base, BASE, 'SECRET_KEY', 'environ'), null, 'an attribute');
    assert.equal(await hoverAt(client, base, BASE, 'import os', 'os'), null, 'a module name');
  });
});

describe('inlay hints where production ends with another value', () => {
  test("base.py: overridden settings show production's value and file; inherited ones show nothing", async () => {
    const { client, base, production } = await project();
    assert.deepEqual(await hints(client, base), ['6: → False in production.py', '7: → ["shop.example.com"] in production.py']);
    assert.deepEqual(await hints(client, production), [], 'none in production itself');
  });

  test('a development module: differences from production, and settings production never sets', async () => {
    const { client, development } = await project();
    await client.open(development);
    assert.deepEqual(await hints(client, development), ['3: → False in production.py', '4: → not set in production']);
  });

  test('they follow an edit of production.py', async () => {
    const { client, base, production } = await project();
    await client.open(production);
    const line = PRODUCTION.split('\n').indexOf('DEBUG = False');
    await client.change(production, [{ range: { start: { line, character: 8 }, end: { line, character: 13 } }, text: 'True' }]);
    const expected = ['7: → ["shop.example.com"] in production.py'];
    let shown: string[] = [];
    for (const deadline = Date.now() + 20_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
      shown = await hints(client, base);
      if (JSON.stringify(shown) === JSON.stringify(expected)) break;
    }
    assert.deepEqual(shown, expected, 'DEBUG = True in base.py now agrees with production');
  });
});

describe('the effective settings document', () => {
  test("production: every setting with where it was set, environment reads, then Django's defaults", async () => {
    const { client, root } = await project();
    const document = await client.request<SettingsDocument | null>(SETTINGS_DOCUMENT_REQUEST, { uri: uriOf(root) });
    assert.ok(document);
    assert.equal(document.module, 'conf.settings.production');
    assert.equal(document.role, 'production');
    const lines = document.text.split('\n');
    assert.ok(lines.includes('DEBUG = False  # conf/settings/production.py:3'), document.text);
    assert.ok(lines.includes(`SECRET_KEY = 'django-insecure-dev-key'  # conf/settings/base.py:5; $DJANGO_SECRET_KEY if set (os.environ.get)`), document.text);
    assert.ok(lines.includes(`ALLOWED_HOSTS = ['shop.example.com']  # conf/settings/production.py:4`), document.text);
    assert.ok(lines.includes(`BASE_DIR = Path('${root}')  # conf/settings/base.py:4`), document.text);
    assert.ok(!lines.some((line) => line.startsWith('INTERNAL_IPS')), 'development-only settings are not in production');
    assert.ok(
      lines.some((line) => /^SECURE_HSTS_SECONDS = 0 {2}# Django \d+\.\d+'s default$/.test(line)),
      document.text,
    );
    const names = lines.filter((line) => /^[A-Z]/.test(line)).map((line) => line.split(' ')[0]);
    assert.deepEqual(names, [...names].sort(), 'one alphabetical list, defaults among the rest');
    assert.equal(names.filter((name) => name === 'DEBUG').length, 1, 'a setting that is set is not listed as a default too');
  });

  test('a development module, for the comparison with production', async () => {
    const { client, root } = await project();
    const document = await client.request<SettingsDocument | null>(SETTINGS_DOCUMENT_REQUEST, { uri: uriOf(root), module: 'conf.settings.development' });
    assert.equal(document?.role, 'development');
    const lines = document!.text.split('\n');
    assert.ok(lines.includes('DEBUG = True  # conf/settings/development.py:3'), document!.text);
    assert.ok(lines.includes(`INTERNAL_IPS = ['127.0.0.1']  # conf/settings/development.py:4`), document!.text);
    assert.ok(lines.includes(`ALLOWED_HOSTS = []  # conf/settings/base.py:7`), document!.text);
  });

  test('an unknown module or a folder without a project answers null', async () => {
    const { client, root } = await project();
    assert.equal(await client.request(SETTINGS_DOCUMENT_REQUEST, { uri: uriOf(root), module: 'conf.settings.nope' }), null);
    assert.equal(await client.request(SETTINGS_DOCUMENT_REQUEST, { uri: uriOf(path.dirname(root)) }), null);
  });
});
