// The architecture the code keeps: the faces (language server, CLI, hosts) reach the service only through its
// facade (service/index.ts, service/types.ts) and the shared protocol; the service is pure (no file system, no
// LSP, no VS Code) and never imports a face.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, test } from 'node:test';
import { REPO_ROOT } from '../helpers/paths';

const SRC = path.join(REPO_ROOT, 'server', 'src');
const SERVICE = path.join(SRC, 'service');
const FACADE = new Set([path.join(SERVICE, 'index'), path.join(SERVICE, 'types')]);

function sources(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** Every module specifier a TypeScript file imports, re-exports or requires. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|require\('([^']+)'\)|import\('([^']+)'\)/g)].map(
    (match) => match[1] ?? match[2] ?? match[3],
  );
}

describe('architecture', () => {
  test('faces import the service only through its facade', () => {
    const faces = sources(SRC).filter((file) => !file.startsWith(SERVICE + path.sep));
    const violations: string[] = [];
    for (const file of faces) {
      for (const spec of specifiers(file)) {
        if (!spec.startsWith('.')) continue;
        const target = path.resolve(path.dirname(file), spec).replace(/\.(ts|js)$/, '');
        if (target.startsWith(SERVICE + path.sep) && !FACADE.has(target)) violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    assert.ok(faces.length > 20, 'the faces were found');
    assert.deepEqual(violations, []);
  });

  test('the service is pure: no file system, no LSP or VS Code, no face', () => {
    const violations: string[] = [];
    for (const file of sources(SERVICE)) {
      for (const spec of specifiers(file)) {
        const target = spec.startsWith('.') ? path.resolve(path.dirname(file), spec) : spec;
        const face = spec.startsWith('.') && !target.startsWith(SERVICE + path.sep) && !target.startsWith(path.join(SRC, 'protocol'));
        if (/^(node:)?fs(\/promises)?$/.test(spec) || /^vscode/.test(spec) || face) violations.push(`${path.relative(SRC, file)} imports ${spec}`);
      }
    }
    assert.deepEqual(violations, []);
  });

  test('the check sees a violation: a face reaching past the facade is caught', () => {
    const probe = "import { FileReadError } from '../service/fileSystem';\nimport { LanguageService } from '../service/index';\n";
    const file = path.join(SRC, 'lsp', 'probe.ts');
    const found = [...probe.matchAll(/from\s+'([^']+)'/g)]
      .map((match) => path.resolve(path.dirname(file), match[1]))
      .filter((target) => target.startsWith(SERVICE + path.sep) && !FACADE.has(target));
    assert.deepEqual(found, [path.join(SERVICE, 'fileSystem')]);
  });
});
