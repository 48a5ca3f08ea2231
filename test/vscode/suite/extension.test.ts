// The extension through the VS Code API, in a real VS Code: activation, diagnostics (polled), quick fixes and
// fix-all via the code action provider, the checklist the tree view shows, settings, the supervisor language.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'django-ready.django-ready';
const WAIT_LIMIT_MS = 30_000;

interface ChecklistProject {
  name: string;
  productionSettings: string | null;
  settingsModules: { name: string }[];
  areas: { id: string; status: string; findings: { code: string; fixTitle: string | null }[] }[];
  score: { passed: number; total: number };
}

const folder = (): vscode.Uri => vscode.workspace.workspaceFolders![0].uri;
const fileUri = (relative: string): vscode.Uri => vscode.Uri.joinPath(folder(), ...relative.split('/'));

function codeOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : String(code);
}

function codes(uri: vscode.Uri): string[] {
  return vscode.languages
    .getDiagnostics(uri)
    .filter((diagnostic) => diagnostic.source === 'django-ready')
    .map(codeOf)
    .sort();
}

async function waitFor(what: string, predicate: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_LIMIT_MS;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function waitForCodes(uri: vscode.Uri, expected: string[]): Promise<vscode.Diagnostic[]> {
  await waitFor(
    `${expected.join(', ') || 'no diagnostics'} on ${path.basename(uri.fsPath)} (now ${codes(uri).join(', ')})`,
    () => codes(uri).join() === [...expected].sort().join(),
  );
  return vscode.languages.getDiagnostics(uri).filter((diagnostic) => diagnostic.source === 'django-ready');
}

async function checklist(): Promise<ChecklistProject[]> {
  const result = await vscode.commands.executeCommand<{ projects: ChecklistProject[] }>('djangoReady.internal.checklist');
  return result.projects;
}

async function codeActions(uri: vscode.Uri, range: vscode.Range, kind?: string): Promise<vscode.CodeAction[]> {
  return (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, kind)) ?? [];
}

async function setText(document: vscode.TextDocument, text: string): Promise<void> {
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), text);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

const SETTINGS = 'mysite/settings.py';
const SUPERVISORD = 'deploy/supervisord.conf';
const SUPERVISORD_TEXT = '[program:web]\ncommand=/srv/venv/bin/gunicorn mysite.wsgi:application\nautorestart=maybe\n';

/** The settings module, open, and the quick fixes offered at its DEBUG finding. */
async function quickFixesForDebug(): Promise<{ uri: vscode.Uri; document: vscode.TextDocument; actions: vscode.CodeAction[] }> {
  const uri = fileUri(SETTINGS);
  const document = await vscode.workspace.openTextDocument(uri);
  const diagnostics = await waitForCodes(uri, ['DR909', 'DR918']);
  const debug = diagnostics.find((diagnostic) => codeOf(diagnostic) === 'DR918')!;
  return { uri, document, actions: await codeActions(uri, debug.range, vscode.CodeActionKind.QuickFix.value) };
}
const ORIGINAL = 'import os\n\nSECRET_KEY = "django-insecure-abc"\nDEBUG = True\n';

describe('Django Ready in VS Code', () => {
  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is installed for development`);
    await extension.activate();
    assert.ok(extension.isActive);
  });

  afterEach(async () => {
    // Every test starts from the original settings module, saved.
    const document = await vscode.workspace.openTextDocument(fileUri(SETTINGS));
    if (document.getText() !== ORIGINAL) await setText(document, ORIGINAL);
    await document.save();
  });

  it('contributes its commands, all in the "Django Ready" category', async () => {
    const registered = await vscode.commands.getCommands(true);
    for (const command of [
      'djangoReady.refresh',
      'djangoReady.fixAll',
      'djangoReady.applyFix',
      'djangoReady.showDocs',
      'djangoReady.ignoreFinding',
      'djangoReady.chooseSettingsModule',
      'djangoReady.generateSupervisorConfigs',
    ]) {
      assert.ok(registered.includes(command), command);
    }
  });

  it('publishes diagnostics for the settings module without opening it', async () => {
    const [first] = await waitForCodes(fileUri(SETTINGS), ['DR909', 'DR918']);
    assert.equal(first.source, 'django-ready');
    assert.equal(typeof first.code === 'object' && first.code.target.toString().includes('/docs/rules/'), true);
  });

  it('gives the tree view its checklist: project, production module, areas and findings with fixes', async () => {
    await waitForCodes(fileUri(SETTINGS), ['DR909', 'DR918']);
    const [project] = await checklist();
    assert.equal(project.productionSettings, 'mysite.settings');
    assert.deepEqual(project.settingsModules.map((module) => module.name).sort(), ['mysite.settings', 'mysite.settings_staging']);
    const security = project.areas.find((area) => area.id === 'security')!;
    assert.equal(security.status, 'fail');
    assert.deepEqual(security.findings.map((finding) => finding.code).sort(), ['DR909', 'DR918']);
    assert.ok(security.findings.every((finding) => finding.fixTitle));
    assert.equal(project.score.total, project.areas.filter((area) => area.id !== 'settings' && area.status !== 'off').length);
  });

  it('applies the quick fix from the code action provider, and the diagnostic goes', async () => {
    const { uri, document, actions } = await quickFixesForDebug();
    const fixTitle = (await checklist())[0].areas.flatMap((area) => area.findings).find((finding) => finding.code === 'DR918')?.fixTitle;
    const fix = actions.find((action) => action.title === fixTitle);
    assert.ok(fix?.edit, actions.map((action) => action.title).join(' | '));
    assert.equal(fix.isPreferred, true);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.equal(document.getText(), 'import os\n\nSECRET_KEY = "django-insecure-abc"\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n');
    await waitForCodes(uri, ['DR909']);
  });

  it('"Ignore" inserts the suppression comment, and the finding is silenced', async () => {
    const { uri, document, actions } = await quickFixesForDebug();
    const ignore = actions.find((action) => action.title.startsWith('Ignore DR918'));
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.equal(document.getText(), 'import os\n\nSECRET_KEY = "django-insecure-abc"\n# django-ready: ignore[DR918] reason\nDEBUG = True\n');
    await waitForCodes(uri, ['DR909']);
  });

  it('source.fixAll.djangoReady fixes everything in the project, in the open buffer', async () => {
    const uri = fileUri(SETTINGS);
    const document = await vscode.workspace.openTextDocument(uri);
    await waitForCodes(uri, ['DR909', 'DR918']);
    const [fixAll] = await codeActions(uri, new vscode.Range(0, 0, 0, 0), 'source.fixAll.djangoReady');
    assert.ok(fixAll?.edit, 'a fix-all action');
    assert.ok(await vscode.workspace.applyEdit(fixAll.edit));
    assert.equal(
      document.getText(),
      'import os\n\nSECRET_KEY = (\n    os.environ["DJANGO_SECRET_KEY"]\n    if os.environ.get("DJANGO_DEBUG", "") != "1"\n    else "django-insecure-abc"\n)\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n',
    );
    await waitForCodes(uri, []);
  });

  it('the tree\'s "Apply fix" and "Fix all" commands act on a finding node and a project node', async () => {
    const uri = fileUri(SETTINGS);
    const document = await vscode.workspace.openTextDocument(uri);
    await waitForCodes(uri, ['DR909', 'DR918']);
    const [project] = await checklist();
    const finding = project.areas.flatMap((area) => area.findings).find((candidate) => candidate.code === 'DR918')!;
    assert.equal(await vscode.commands.executeCommand('djangoReady.applyFix', { kind: 'finding', project, finding }), true);
    assert.equal(document.getText(), 'import os\n\nSECRET_KEY = "django-insecure-abc"\nDEBUG = os.environ.get("DJANGO_DEBUG", "") == "1"\n');
    await waitForCodes(uri, ['DR909']);
    const result = await vscode.commands.executeCommand<{ applied: boolean }>('djangoReady.fixAll', { kind: 'project', project });
    assert.equal(result.applied, true);
    await waitForCodes(uri, []);
    assert.match(document.getText(), /^import os\n\nSECRET_KEY = \(\n {4}os\.environ\["DJANGO_SECRET_KEY"\]\n/);
  });

  it('follows djangoReady.settingsModule when it changes', async () => {
    const configuration = vscode.workspace.getConfiguration('djangoReady', folder());
    await configuration.update('settingsModule', 'mysite.settings_staging', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      await waitFor('mysite.settings_staging judged as production', async () => (await checklist())[0]?.productionSettings === 'mysite.settings_staging');
      await waitForCodes(fileUri(SETTINGS), ['DR909']);
    } finally {
      await configuration.update('settingsModule', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
    }
    await waitFor('mysite.settings back as production', async () => (await checklist())[0]?.productionSettings === 'mysite.settings');
  });

  it("the tree's finding actions work on a file no editor has loaded", async () => {
    const uri = fileUri(SUPERVISORD);
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), `${SUPERVISORD} is not loaded yet`);
    await waitForCodes(uri, ['DR721']);
    const [project] = await checklist();
    const finding = project.areas.flatMap((area) => area.findings).find((candidate) => candidate.code === 'DR721')!;
    try {
      assert.equal(await vscode.commands.executeCommand('djangoReady.ignoreFinding', { kind: 'finding', project, finding }), true);
      await waitForCodes(uri, []);
      assert.match((await vscode.workspace.openTextDocument(uri)).getText(), /django-ready: ignore\[DR721\]/);
    } finally {
      const document = await vscode.workspace.openTextDocument(uri);
      await setText(document, SUPERVISORD_TEXT);
      await document.save();
    }
  });

  it('opens supervisord.conf as the supervisor language, with its diagnostics', async () => {
    const uri = fileUri(SUPERVISORD);
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.languageId, 'supervisor');
    await waitForCodes(uri, ['DR721']);
  });
});
