// The editor's open buffers: their text and version, kept current from LSP change events, exposed as the
// overlay the service reads through (open buffers win over disk).
import type { Range } from '../service/types';
import { LineIndex, type ContentChange, type OverlayText } from '../service/index';

export interface OpenDocument {
  uri: string;
  file: string;
  languageId: string;
  version: number;
  text: string;
}

/** One LSP content change: a range replacement, or the whole text when `range` is absent. */
export interface LspContentChange {
  range?: Range;
  text: string;
}

export class OpenDocuments {
  private readonly byFile = new Map<string, OpenDocument>();
  /** Path -> text for the service's OverlayFileSystem. */
  readonly overlay = new Map<string, OverlayText>();

  open(document: OpenDocument): void {
    this.byFile.set(document.file, document);
    this.overlay.set(document.file, { text: document.text, version: overlayVersion(document.version) });
  }

  /**
   * Applies changes in order, each against the text the previous one produced (LSP incremental sync), and
   * returns them as offsets for the parse cache, or undefined when the document is not open.
   */
  change(file: string, changes: readonly LspContentChange[], version: number): { document: OpenDocument; offsets: ContentChange[] } | undefined {
    const document = this.byFile.get(file);
    if (!document) return undefined;
    const offsets: ContentChange[] = [];
    let text = document.text;
    for (const change of changes) {
      const lines = LineIndex.of(text);
      const start = change.range ? lines.offset(change.range.start) : 0;
      const end = change.range ? lines.offset(change.range.end) : text.length;
      offsets.push({ start, end, text: change.text });
      text = text.slice(0, start) + change.text + text.slice(end);
    }
    const updated = { ...document, text, version };
    this.open(updated);
    return { document: updated, offsets };
  }

  close(file: string): OpenDocument | undefined {
    const document = this.byFile.get(file);
    this.byFile.delete(file);
    this.overlay.delete(file);
    return document;
  }

  get(file: string): OpenDocument | undefined {
    return this.byFile.get(file);
  }

  all(): OpenDocument[] {
    return [...this.byFile.values()];
  }
}

export function overlayVersion(version: number): string {
  return `open:${version}`;
}

export function isPythonDocument(document: Pick<OpenDocument, 'file' | 'languageId'>): boolean {
  return document.languageId === 'python' || document.file.endsWith('.py');
}
