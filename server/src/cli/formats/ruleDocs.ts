// Each rule's docs page (docs/rules/CODE.md), read from the installed package when SARIF needs the rules' full
// descriptions and help: what it means, and how to fix it. Pages are found by walking up from this bundle to the
// package root; without them SARIF falls back to the rule's title and docs link.
import * as fs from 'node:fs';
import * as path from 'node:path';

interface RuleDoc {
  /** The "What it means" section. */
  meaning: string;
  /** The "How to fix" section, and the example when the page has one. */
  fix: string;
}

let folder: string | null | undefined;

function docsFolder(): string | undefined {
  if (folder === undefined) {
    folder = null;
    for (let dir = __dirname; path.dirname(dir) !== dir; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'docs', 'rules');
      if (fs.existsSync(path.join(candidate, 'README.md')) && fs.existsSync(path.join(dir, 'package.json'))) {
        folder = candidate;
        break;
      }
    }
  }
  return folder ?? undefined;
}

function section(markdown: string, title: string): string | undefined {
  const match = new RegExp(`^## ${title}\\n([\\s\\S]*?)(?=^## |(?![\\s\\S]))`, 'm').exec(markdown);
  return match?.[1].trim() || undefined;
}

export function ruleDoc(code: string): RuleDoc | undefined {
  const dir = docsFolder();
  if (!dir || !/^DR\d+$/.test(code)) return undefined;
  let markdown: string;
  try {
    markdown = fs.readFileSync(path.join(dir, `${code}.md`), 'utf8').replace(/\r\n/g, '\n');
  } catch {
    return undefined;
  }
  const meaning = section(markdown, 'What it means');
  const fix = section(markdown, 'How to fix');
  if (!meaning || !fix) return undefined;
  const example = section(markdown, 'Example');
  return { meaning, fix: example ? `${fix}\n\n${example}` : fix };
}

/** Markdown as plain text: code spans and fences unwrapped, links as their text. */
export function plainText(markdown: string): string {
  return markdown
    .replace(/^```\w*\n?/gm, '')
    .replace(/`([^`]*)`/g, '$1')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .trim();
}
