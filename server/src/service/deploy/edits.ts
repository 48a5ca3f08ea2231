// Fixes that make what starts a process also restart it: a compose `restart:` policy, systemd `Restart=`,
// supervisor `autorestart=true`. Minimal line edits in the file's own indentation; never a rewrite.
import { LineIndex } from '../python/lineIndex';
import type { Fix, TextEdit } from '../types';
import type { DeployedProcess } from './model';

function lineIndent(text: string): string {
  return /^[ \t]*/.exec(text)![0];
}

/** `restart: unless-stopped` for a compose service (or the value of a `restart: "no"` replaced). */
export function composeRestartFix(process: DeployedProcess, text: string): Fix | null {
  const lines = new LineIndex(text);
  const supervision = process.supervision;
  if (
    supervision.location.range.start.line !== process.location.range.start.line ||
    supervision.location.range.start.character !== process.location.range.start.character
  ) {
    // `restart: "no"` (or a restart_policy of none): replace that value.
    const line = lines.lineText(supervision.location.range.start.line);
    const match = /^(\s*restart\s*:\s*)(.*?)\s*$/.exec(line);
    if (!match) return null;
    const start = { line: supervision.location.range.start.line, character: match[1].length };
    return fix(
      process,
      [{ range: { start, end: { line: start.line, character: line.length } }, newText: 'unless-stopped' }],
      `Restart ${process.name} unless it is stopped (restart: unless-stopped)`,
    );
  }
  const keyLine = process.location.range.start.line;
  const keyText = lines.lineText(keyLine);
  if (!/:\s*(#.*)?$/.test(keyText)) return null;
  // The first line below the service key that holds a key gives the indentation of the service's keys.
  for (let line = keyLine + 1; line < lines.lineCount; line++) {
    const content = lines.lineText(line);
    if (!content.trim() || /^\s*#/.test(content)) continue;
    const indent = lineIndent(content);
    if (indent.length <= lineIndent(keyText).length || /^\s*-/.test(content)) return null;
    const at = { line, character: 0 };
    return fix(
      process,
      [{ range: { start: at, end: at }, newText: `${indent}restart: unless-stopped${lines.eol}` }],
      `Restart ${process.name} unless it is stopped (restart: unless-stopped)`,
    );
  }
  return null;
}

/** `Restart=on-failure` in a systemd unit's [Service] section (or `Restart=no` changed). */
export function systemdRestartFix(process: DeployedProcess, text: string): Fix | null {
  const lines = new LineIndex(text);
  const at = process.supervision.location.range.start.line;
  const line = lines.lineText(at);
  const existing = /^(\s*Restart\s*=\s*)(.*?)\s*$/.exec(line);
  if (existing) {
    const start = { line: at, character: existing[1].length };
    return fix(
      process,
      [{ range: { start, end: { line: at, character: line.length } }, newText: 'on-failure' }],
      `Restart ${process.name}.service when it fails (Restart=on-failure)`,
    );
  }
  if (!/^\s*\[Service\]\s*$/.test(line)) return null;
  const after = { line: at + 1, character: 0 };
  return fix(
    process,
    [{ range: { start: after, end: after }, newText: `Restart=on-failure${lines.eol}` }],
    `Restart ${process.name}.service when it fails (Restart=on-failure)`,
  );
}

/** `autorestart=true` for a supervisor program that has `autorestart=false`. */
export function supervisorRestartFix(process: DeployedProcess, text: string): Fix | null {
  const lines = new LineIndex(text);
  const at = process.supervision.location.range.start.line;
  const line = lines.lineText(at);
  const match = /^(\s*autorestart\s*[=:]\s*)(\S+)/i.exec(line);
  if (!match || !/^false$/i.test(match[2])) return null;
  const start = { line: at, character: match[1].length };
  return fix(
    process,
    [{ range: { start, end: { line: at, character: match[1].length + match[2].length } }, newText: 'true' }],
    `Restart program ${process.name} when it exits (autorestart=true)`,
  );
}

function fix(process: DeployedProcess, edits: TextEdit[], title: string): Fix {
  return { title, changes: [{ kind: 'edit', file: process.supervision.location.file, edits }] };
}
