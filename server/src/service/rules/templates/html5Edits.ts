// Minimal edits that add one missing part to an existing base layout, at the place a reader expects it:
// the doctype first, charset and viewport right after <head>, the title, stylesheet before </head>, the
// script before </body>, the content block right after <body>.
import { LineIndex } from '../../python/lineIndex';
import type { Range, TextEdit } from '../../types';
import type { Span, TagSpan } from './html5Scanner';

export const HTML5_DOCTYPE = '<!DOCTYPE html>';
export const CHARSET_META = '<meta charset="utf-8">';
export const VIEWPORT_META = '<meta name="viewport" content="width=device-width, initial-scale=1">';
export const LOAD_STATIC = '{% load static %}';
export const CONTENT_BLOCK = '{% block content %}{% endblock %}';

export function titleElement(defaultTitle: string): string {
  return `<title>{% block title %}${defaultTitle}{% endblock %}</title>`;
}

export function stylesheetLink(asset: string): string {
  return `<link rel="stylesheet" href="{% static '${asset}' %}">`;
}

export function scriptElement(asset: string): string {
  return `<script src="{% static '${asset}' %}" defer></script>`;
}

/** Edits on one template's text, placed by offset. */
export class TemplateEditor {
  private readonly lines: LineIndex;
  readonly eol: string;

  /** One level of indentation as the template writes it: its first indented line's, else two spaces. */
  private readonly unit: string;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
    this.eol = text.includes('\r\n') ? '\r\n' : '\n';
    const indented = /^([ \t]+)\S/m.exec(text);
    this.unit = indented ? (indented[1].startsWith('\t') ? '\t' : indented[1]) : '  ';
  }

  private edit(start: number, end: number, newText: string): TextEdit {
    return { range: this.lines.range(start, end), newText };
  }

  private indentAt(offset: number): string {
    return /^[ \t]*/.exec(this.lines.lineText(this.lines.position(offset).line))![0];
  }

  /** The indentation of children of the element whose opening tag is `tag`: the next line's, when deeper. */
  private childIndent(tag: Span): string {
    const own = this.indentAt(tag.start);
    const line = this.lines.position(tag.end).line;
    for (let next = line + 1; next < this.lines.lineCount; next++) {
      const text = this.lines.lineText(next);
      if (!text.trim()) continue;
      const indent = /^[ \t]*/.exec(text)![0];
      return indent.length > own.length ? indent : own + this.unit;
    }
    return own + this.unit;
  }

  rangeOf(span: Span): Range {
    return this.lines.range(span.start, span.end);
  }

  atStart(line: string): TextEdit {
    return this.edit(0, 0, line + this.eol);
  }

  replace(span: Span, newText: string): TextEdit {
    return this.edit(span.start, span.end, newText);
  }

  /** Inserts `text` into a tag, right after its name (`<html` + ` lang="en"`). */
  intoTag(tag: TagSpan, name: string, text: string): TextEdit {
    const at = tag.start + 1 + name.length;
    return this.edit(at, at, text);
  }

  /** A new first child of an element, on its own line. */
  firstChild(tag: Span, text: string): TextEdit {
    return this.edit(tag.end, tag.end, `${this.eol}${this.childIndent(tag)}${text}`);
  }

  /** A new sibling right after `span`, on its own line with the same indentation. */
  after(span: Span, text: string): TextEdit {
    return this.edit(span.end, span.end, `${this.eol}${this.indentAt(span.start)}${text}`);
  }

  /** A new last child of an element, on its own line before its closing tag when that has a line to itself. */
  lastChild(open: Span | undefined, close: Span, text: string): TextEdit {
    const lineStart = this.lines.lineStart(this.lines.position(close.start).line);
    if (this.text.slice(lineStart, close.start).trim() === '') {
      const indent = open ? this.childIndent(open) : this.indentAt(close.start) + this.unit;
      return this.edit(lineStart, lineStart, `${indent}${text}${this.eol}`);
    }
    return this.edit(close.start, close.start, text);
  }
}
