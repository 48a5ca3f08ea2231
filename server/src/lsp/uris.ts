// File paths <-> URIs. The service speaks absolute paths; LSP speaks URIs. A URI the client sent is reused
// verbatim for the same path, so diagnostics land on the document the client knows even where its spelling
// differs from Node's (drive-letter case and escaping on Windows).
import { fileURLToPath, pathToFileURL } from 'node:url';

export class UriMapper {
  private readonly spelled = new Map<string, string>();

  /** The path of a `file:` URI (remembering the client's spelling), or undefined for other schemes. */
  toPath(uri: string): string | undefined {
    if (!uri.startsWith('file:')) return undefined;
    try {
      const file = fileURLToPath(uri);
      this.spelled.set(file, uri);
      return file;
    } catch {
      return undefined;
    }
  }

  toUri(file: string): string {
    return this.spelled.get(file) ?? pathToFileURL(file).href;
  }
}
