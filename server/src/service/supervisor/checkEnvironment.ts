// environment= values (DR721 when supervisord refuses them, DR735 when it silently cuts a value) and inline
// comments that cut a command or environment value in the middle (DR734).
import type { TextEdit } from '../types';
import { CODES } from './codes';
import { lookup, sectionsReadBySupervisord, type Placed } from './config';
import { skipsPerProcessKeys, type CheckContext } from './context';
import { insertInValue, singleFileFix } from './edits';
import { expandForLexing, readEnvironment, splitEnvironment, unsafeUnquotedValue, type EnvPair } from './environment';
import { rangeInValue, type IniComment, type IniEntry } from './ini';
import { isProgramKind } from './schema';

export function checkEnvironment(ctx: CheckContext): void {
  for (const merged of sectionsReadBySupervisord(ctx.config)) {
    const kind = merged.info?.kind;
    if (!(isProgramKind(kind) || kind === 'supervisord')) continue;
    const command = lookup(ctx.config, merged, 'command');
    if (command && isProgramKind(kind)) checkCommandComments(ctx, command);
    const environment = lookup(ctx.config, merged, 'environment');
    if (environment && !skipsPerProcessKeys(ctx.config, merged)) checkEnvironmentValue(ctx, environment);
  }
}

/** The comment that cut the value inside an open quote (or right after '='), if any. */
function cuttingComment(entry: IniEntry, posix: boolean): { comment: IniComment; kept: string } | null {
  const quotes = new QuoteTracker(posix);
  const comments = new Map(entry.cutComments.map((c) => [c.line, c]));
  for (const segment of entry.segments) {
    quotes.feed(`${segment.text}\n`);
    const comment = comments.get(segment.line);
    if (comment && (quotes.open || segment.text.endsWith('='))) return { comment, kept: segment.text };
  }
  return null;
}

/** Whether a quote is open after the text fed so far, with or without shell backslash escapes. */
class QuoteTracker {
  private quote: string | null = null;
  private escaped = false;

  constructor(private readonly posix: boolean) {}

  get open(): boolean {
    return this.quote !== null;
  }

  feed(text: string): void {
    for (const ch of text) {
      if (this.escaped) this.escaped = false;
      else if (this.posix && ch === '\\' && this.quote !== "'") this.escaped = true;
      else if (this.quote) {
        if (ch === this.quote) this.quote = null;
      } else if (ch === '"' || ch === "'") this.quote = ch;
    }
  }
}

function commentRange(comment: IniComment) {
  return { start: { line: comment.line, character: comment.start }, end: { line: comment.line, character: comment.start + comment.text.length } };
}

function cutMessage(key: string, cut: { comment: IniComment; kept: string }): string {
  const mark = cut.comment.text[0];
  return `The ' ${mark}' here starts a comment: supervisord cuts ${key} at a '${mark}' that follows whitespace, even inside quotes, so this line's value ends at '${cut.kept.slice(-30)}'.`;
}

function checkCommandComments(ctx: CheckContext, placed: Placed): void {
  const cut = cuttingComment(placed.entry, true);
  if (!cut) return;
  ctx.report(
    CODES.commentCutsValue,
    placed.file,
    commentRange(cut.comment),
    `${cutMessage('command', cut)} The process then fails when spawned ("can't parse command"). Remove the whitespace before '${cut.comment.text[0]}', or move that part into a script.`,
  );
}

function checkEnvironmentValue(ctx: CheckContext, placed: Placed): void {
  const { entry, file } = placed;
  const pairs = splitEnvironment(entry.value);
  const unsafe = pairs.map((pair) => ({ pair, why: unsafeUnquotedValue(pair) })).filter((u) => u.why !== null);
  const reading = readEnvironment(expandForLexing(entry.value));
  const cut = cuttingComment(entry, false);
  if (reading.error) {
    const edits = unsafe.flatMap((u) => quoteEdits(entry, u.pair) ?? []);
    const cause = cut ? ` ${cutMessage('environment', cut)}` : '';
    ctx.report(
      CODES.invalidValue,
      file,
      entry.valueRange,
      `supervisord refuses to start: environment: ${reading.error} in value '${shorten(entry.value)}'.${cause} Write KEY="value" pairs separated by commas, with every value double-quoted.`,
      { fix: edits.length ? singleFileFix('Double-quote the environment values', file, edits) : null },
    );
    return;
  }
  if (cut) {
    ctx.report(
      CODES.commentCutsValue,
      file,
      commentRange(cut.comment),
      `${cutMessage('environment', cut)} Remove the whitespace before '${cut.comment.text[0]}'.`,
    );
  }
  for (const { pair, why } of unsafe) {
    const edits = quoteEdits(entry, pair);
    const range = pair.raw === '' ? rangeInValue(entry, pair.keyStart, pair.keyStart + pair.key.length) : rangeInValue(entry, pair.valueStart, pair.valueEnd);
    ctx.report(
      CODES.unquotedEnvironment,
      file,
      range,
      `${pair.key}=${pair.raw} is not quoted and ${why}. ${edits ? `Write ${pair.key}="${pair.raw}".` : 'supervisord 4.2.5 cannot hold a double quote in an environment value; set this variable elsewhere.'}`,
      { fix: edits ? singleFileFix(`Quote the value of ${pair.key}`, file, edits) : null },
    );
  }
}

function quoteEdits(entry: IniEntry, pair: EnvPair): TextEdit[] | null {
  if (pair.raw.includes('"')) return null;
  return [insertInValue(entry, pair.valueStart, '"'), insertInValue(entry, pair.valueEnd, '"')];
}

function shorten(text: string): string {
  const flat = text.replace(/\n/g, ' ');
  return flat.length > 80 ? `${flat.slice(0, 77)}...` : flat;
}
