// A real LSP client: Debian's Neovim (0.7) headless, configured with the README's init.lua snippet (extracted from
// README.md, only the server path replaced), attaches the bundled server over stdio to a copy of the end-to-end
// fixture, waits for diagnostics, applies a quick fix and a fix that creates a file through
// vim.lsp.buf.code_action(), saves, and the result is checked on disk.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { fixtureProject } from '../helpers/project';
import { REPO_ROOT, SERVER } from '../helpers/paths';
import { pythonSyntaxError } from '../helpers/python';

const CREATE_TITLE = 'Create deploy/supervisor/shop-web.conf (supervisor program for the web server)';

/** The init.lua snippet between the README's neovim-snippet markers, pointed at this checkout's server. */
function readmeSnippet(): string {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /<!-- neovim-snippet:start -->\n```lua\n([\s\S]*?)```\n<!-- neovim-snippet:end -->/.exec(readme);
  assert.ok(block, 'README.md has the Neovim snippet between its markers');
  const serverLine = /^local django_ready_server = .*$/m;
  assert.match(block[1], serverLine, 'the snippet names the server in one line');
  return block[1].replace(serverLine, `local django_ready_server = ${JSON.stringify(SERVER)}`);
}

const home = fs.mkdtempSync(path.join(os.tmpdir(), 'django-ready-nvim-'));
after(() => (process.env.KEEP_NVIM_HOME ? undefined : fs.rmSync(home, { recursive: true, force: true })));

test('Neovim with the README snippet: diagnostics, a quick fix and a file-creating fix, saved to disk', () => {
  // In a folder named like the fixture: the supervisor program is named after the project's folder.
  const root = path.join(home, 'shop');
  fs.cpSync(fixtureProject(path.join('..', 'e2e', 'shop')), root, { recursive: true });
  const settings = path.join(root, 'shop', 'settings.py');
  const created = path.join(root, 'deploy', 'supervisor', 'shop-web.conf');
  const init = path.join(home, 'init.lua');
  const resultFile = path.join(home, 'result.json');
  fs.writeFileSync(init, readmeSnippet());
  // Neovim keeps its LSP log, shada and state under HOME / XDG: all of it in the temp folder.
  const env = {
    ...process.env,
    HOME: home,
    XDG_CONFIG_HOME: path.join(home, 'config'),
    XDG_DATA_HOME: path.join(home, 'data'),
    XDG_CACHE_HOME: path.join(home, 'cache'),
    XDG_STATE_HOME: path.join(home, 'state'),
    DR_SETTINGS: settings,
    DR_CREATED: created,
    DR_CREATE_TITLE: CREATE_TITLE,
    DR_RESULT: resultFile,
  };
  const run = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '-u', init, '-c', `luafile ${path.join(REPO_ROOT, 'test', 'neovim', 'driver.lua')}`], {
    cwd: root,
    env,
    encoding: 'utf8',
    timeout: 120_000,
  });
  assert.equal(run.error, undefined, String(run.error));
  assert.ok(fs.existsSync(resultFile), `Neovim wrote no result (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8'));
  assert.equal(result.error, undefined, `in Neovim: ${result.error}\n${JSON.stringify(result, null, 2)}`);
  assert.equal(result.client, 'django-ready');
  assert.equal(result.root, root, 'one server for the project, rooted at manage.py');
  assert.ok(result.before.includes('DR918') && result.before.includes('DR701') && result.before.includes('DR909'), result.before.join(' '));
  assert.equal(result.dr918.source, 'django-ready');
  assert.match(result.dr918.message, /DEBUG/);
  assert.ok(result.offered.includes('Ignore DR918 here (add a django-ready: ignore comment)'), result.offered.join(' | '));
  assert.ok(result.offeredCreate.includes('Fix all Django Ready findings in this project'), result.offeredCreate.join(' | '));
  assert.deepEqual(result.steps, ['quick fix', 'file-creating fix']);
  assert.ok(!result.after.includes('DR918') && !result.after.includes('DR701'), result.after.join(' '));

  const text = fs.readFileSync(settings, 'utf8');
  assert.match(text, /^DEBUG = os\.environ\.get\("DJANGO_DEBUG", ""\) == "1"$/m, 'the quick fix is saved');
  assert.equal(pythonSyntaxError(text), undefined);
  const program = fs.readFileSync(created, 'utf8');
  assert.match(program, /^\[program:shop-web\]$/m, 'the new supervisor program is saved');
  assert.match(program, /^command=/m);
});
