// Where the lowered syntax of Python files is kept between runs, by the host that can keep it (the CLI keeps it in
// a folder of the user's own, beside V8's code cache). The service reads and writes bytes through it; what the
// bytes mean, and whether they still fit the text, is syntaxCodec.ts's business. The bytes never hold the text:
// a digest of it tells whether an entry fits, so no copy of a settings file (and the secrets some hold) is kept.
export interface SyntaxStore {
  /** The bytes last written for `file`, or undefined. */
  read(file: string): Uint8Array | undefined;
  write(file: string, bytes: Uint8Array): void;
  /** A collision-resistant digest of `text` (SHA-256 in the CLI). */
  digest(text: string): string;
}
