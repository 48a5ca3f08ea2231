// Where the lowered syntax of Python files is kept between runs, by the host that can keep it (the CLI keeps it in
// a folder of the user's own, beside V8's code cache). The service reads and writes bytes through it; what the
// bytes mean, and whether they still fit the text, is syntaxCodec.ts's business.
export interface SyntaxStore {
  /** The bytes last written for `file`, or undefined. */
  read(file: string): Uint8Array | undefined;
  write(file: string, bytes: Uint8Array): void;
}
