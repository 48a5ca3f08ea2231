// A small, tolerant reader of a Django HTML template: finds the parts of an HTML5 layout with regular
// expressions over the text after blanking out comments. It never throws on odd markup; what it cannot find
// is simply absent. Offsets index the text as given.

export interface Span {
  start: number;
  end: number;
}

export interface TagSpan extends Span {
  text: string;
}

export interface LayoutScan {
  /** `<!DOCTYPE ...>`, and whether it is the HTML5 one; `leading` when only whitespace, comments and template tags come before it. */
  doctype: (Span & { html5: boolean; leading: boolean }) | undefined;
  html: (TagSpan & { hasLang: boolean }) | undefined;
  head: TagSpan | undefined;
  headClose: Span | undefined;
  body: TagSpan | undefined;
  bodyClose: Span | undefined;
  charset: (TagSpan & { utf8: boolean }) | undefined;
  viewport: TagSpan | undefined;
  /** The `<title>` element: the span of its content, and whether a `{% block %}` sits inside. */
  title: (Span & { content: Span; hasBlock: boolean }) | undefined;
  loadsStatic: boolean;
  staticStylesheet: boolean;
  staticScript: boolean;
  /** Assets come through an asset pipeline's tags (django-pipeline, compressor, webpack-loader, django-vite) or STATIC_URL. */
  assetPipeline: boolean;
  contentBlock: boolean;
  /** The template this one extends, when it names it with a string literal. */
  extends: string | undefined;
}

const BLANKED = [/\{#[\s\S]*?#\}/g, /\{%\s*comment\b[^%]*%\}[\s\S]*?\{%\s*endcomment\s*%\}/g, /<!--[\s\S]*?-->/g];

/** The text with comments replaced by spaces (line breaks kept), so offsets and lines stay the same. */
function blankComments(text: string): string {
  let out = text;
  for (const pattern of BLANKED) out = out.replace(pattern, (match) => match.replace(/[^\r\n]/g, ' '));
  return out;
}

function firstTag(text: string, pattern: RegExp): TagSpan | undefined {
  const match = pattern.exec(text);
  return match ? { start: match.index, end: match.index + match[0].length, text: match[0] } : undefined;
}

function allTags(text: string, name: string): TagSpan[] {
  return [...text.matchAll(new RegExp(`<${name}\\b[^>]*>`, 'gi'))].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
}

function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*("([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  return match ? (match[2] ?? match[3] ?? match[4] ?? '') : undefined;
}

const STATIC_TAG = /\{%\s*static\s/;
const EXTENDS_TAG = /\{%\s*extends\s+(?:"([^"]+)"|'([^']+)')/;

function extendsIn(text: string): string | undefined {
  return EXTENDS_TAG.exec(text)
    ?.slice(1)
    .find((name) => name !== undefined);
}

/** The template a template extends, as scanLayout reads it, without scanning the rest of the layout. */
export function extendsTag(source: string): string | undefined {
  const match = EXTENDS_TAG.exec(source);
  // No comment starts before the tag ends: blanking comments leaves the text up to there as it is.
  const before = match ? source.slice(0, match.index + match[0].length) : undefined;
  if (before !== undefined && !before.includes('{#') && !before.includes('<!--') && !/\{%\s*comment\b/.test(before)) return extendsIn(before);
  // Blanking comments never adds text, so a template without the word extends no layout.
  return source.includes('extends') ? extendsIn(blankComments(source)) : undefined;
}

export function scanLayout(source: string): LayoutScan {
  const text = blankComments(source);
  const doctypeMatch = /<!DOCTYPE\s+([^>]*)>/i.exec(text);
  const doctype = doctypeMatch
    ? {
        start: doctypeMatch.index,
        end: doctypeMatch.index + doctypeMatch[0].length,
        html5: /^html\s*$/i.test(doctypeMatch[1]),
        leading: /^(\s|\{%[^%]*%\})*$/.test(text.slice(0, doctypeMatch.index)),
      }
    : undefined;
  const html = firstTag(text, /<html\b[^>]*>/i);
  const charsetTag = allTags(text, 'meta').find(
    (tag) => attribute(tag.text, 'charset') !== undefined || /charset=/i.test(attribute(tag.text, 'content') ?? ''),
  );
  const charsetValue = charsetTag
    ? (attribute(charsetTag.text, 'charset') ?? /charset=([^;\s]+)/i.exec(attribute(charsetTag.text, 'content') ?? '')?.[1] ?? '')
    : '';
  const titleMatch = /(<title\b[^>]*>)([\s\S]*?)<\/title\s*>/i.exec(text);
  const title = titleMatch
    ? {
        start: titleMatch.index,
        end: titleMatch.index + titleMatch[0].length,
        content: { start: titleMatch.index + titleMatch[1].length, end: titleMatch.index + titleMatch[1].length + titleMatch[2].length },
        hasBlock: /\{%\s*block\s/.test(titleMatch[2]),
      }
    : undefined;
  const closing = (name: string): Span | undefined => {
    const match = new RegExp(`</${name}\\s*>`, 'i').exec(text);
    return match ? { start: match.index, end: match.index + match[0].length } : undefined;
  };
  return {
    doctype,
    html: html ? { ...html, hasLang: attribute(html.text, 'lang') !== undefined } : undefined,
    head: firstTag(text, /<head\b[^>]*>/i),
    headClose: closing('head'),
    body: firstTag(text, /<body\b[^>]*>/i),
    bodyClose: closing('body'),
    charset: charsetTag ? { ...charsetTag, utf8: /^utf-?8$/i.test(charsetValue.trim()) } : undefined,
    viewport: allTags(text, 'meta').find((tag) => (attribute(tag.text, 'name') ?? '').toLowerCase() === 'viewport'),
    title,
    loadsStatic: /\{%\s*load\s[^%]*\bstatic\b[^%]*%\}/.test(text),
    staticStylesheet: allTags(text, 'link').some((tag) => /\bstylesheet\b/i.test(attribute(tag.text, 'rel') ?? '') && STATIC_TAG.test(tag.text)),
    staticScript: allTags(text, 'script').some((tag) => STATIC_TAG.test(tag.text)),
    assetPipeline: /\{%-?\s*(stylesheet|javascript|compress|render_bundle|vite_asset|vite_hmr_client|sass_src)\b|\{\{\s*STATIC_URL\s*\}\}/.test(text),
    contentBlock: /\{%\s*block\s+content\s*%\}/.test(text),
    extends: /\{%\s*extends\s+(?:"([^"]+)"|'([^']+)')/
      .exec(text)
      ?.slice(1)
      .find((name) => name !== undefined),
  };
}
