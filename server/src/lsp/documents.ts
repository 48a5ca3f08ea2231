// The editor's open buffers. They live in vscode-languageserver's TextDocuments, whose TextDocument
// (vscode-languageserver-textdocument) applies LSP incremental changes; while it does, each change's offsets in the
// text before it are recorded for the parse cache. The buffers are also the overlay the service reads through
// (open buffers win over disk).
import { TextDocuments } from 'vscode-languageserver';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import type { ContentChange, OverlayText } from '../service/index';

export interface OpenDocument {
  uri: string;
  file: string;
  languageId: string;
  version: number;
  text: string;
}

/** What the server does when a document opens, changes or closes. */
interface DocumentEvents {
  opened(document: OpenDocument): void;
  /**
   * `offsets`: the changes in order, each against the text the previous one produced; `startedAt`: when applying
   * them began (performance.now()), for the server's timings.
   */
  changed(document: OpenDocument, offsets: ContentChange[], startedAt: number): void;
  closed(document: OpenDocument): void;
}

/** The part of the LSP connection TextDocuments listens on. */
export type DocumentConnection = Parameters<TextDocuments<TextDocument>['listen']>[0];

export class OpenDocuments {
  /** Path -> text for the service's OverlayFileSystem. */
  readonly overlay = new Map<string, OverlayText>();
  private readonly byFile = new Map<string, OpenDocument>();
  /** The offsets of the changes TextDocument.update applied last, and when it began, by URI. */
  private readonly applied = new Map<string, { offsets: ContentChange[]; startedAt: number }>();
  private readonly documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) => TextDocument.create(uri, languageId, version, content),
    update: (document, changes, version) => this.update(document, changes, version),
  });

  /** `toPath` maps a document URI to a file path; documents it maps to nothing (untitled, other schemes) are ignored. */
  constructor(private readonly toPath: (uri: string) => string | undefined) {}

  listen(connection: DocumentConnection, events: DocumentEvents): void {
    this.documents.onDidOpen(({ document }) => {
      const open = this.remember(document);
      if (open) events.opened(open);
    });
    this.documents.onDidChangeContent(({ document }) => {
      const applied = this.applied.get(document.uri);
      // TextDocuments also reports an opened document as changed: that one has no recorded changes.
      if (!applied) return;
      this.applied.delete(document.uri);
      const open = this.remember(document);
      if (open) events.changed(open, applied.offsets, applied.startedAt);
    });
    this.documents.onDidClose(({ document }) => {
      const file = this.toPath(document.uri);
      const open = file ? this.byFile.get(file) : undefined;
      if (!file || !open) return;
      this.byFile.delete(file);
      this.overlay.delete(file);
      events.closed(open);
    });
    this.documents.listen(connection);
  }

  get(file: string): OpenDocument | undefined {
    return this.byFile.get(file);
  }

  all(): OpenDocument[] {
    return [...this.byFile.values()];
  }

  /** Applies the changes one at a time, recording where each one fell in the text it was applied to. */
  private update(document: TextDocument, changes: TextDocumentContentChangeEvent[], version: number): TextDocument {
    const startedAt = performance.now();
    const offsets: ContentChange[] = [];
    for (const change of changes) {
      const whole = !('range' in change);
      offsets.push({
        start: whole ? 0 : document.offsetAt(change.range.start),
        end: whole ? document.getText().length : document.offsetAt(change.range.end),
        text: change.text,
      });
      document = TextDocument.update(document, [change], version);
    }
    this.applied.set(document.uri, { offsets, startedAt });
    return document;
  }

  private remember(document: TextDocument): OpenDocument | undefined {
    const file = this.toPath(document.uri);
    if (!file) return undefined;
    const open: OpenDocument = { uri: document.uri, file, languageId: document.languageId, version: document.version, text: document.getText() };
    this.byFile.set(file, open);
    this.overlay.set(file, { text: open.text, version: overlayVersion(open.version) });
    return open;
  }
}

export function overlayVersion(version: number): string {
  return `open:${version}`;
}

export function isPythonDocument(document: Pick<OpenDocument, 'file' | 'languageId'>): boolean {
  return document.languageId === 'python' || document.file.endsWith('.py');
}
