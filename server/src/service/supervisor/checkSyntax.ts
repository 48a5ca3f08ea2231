// DR710-DR712: lines configparser cannot read. Any of them makes supervisord exit before starting anything.
import { CODES } from './codes';
import type { CheckContext } from './context';
import { singleFileFix } from './edits';

export function checkSyntax(ctx: CheckContext): void {
  for (const file of ctx.config.files) {
    for (const problem of file.doc.problems) {
      const shown = problem.lineText.trim().slice(0, 60);
      switch (problem.kind) {
        case 'byte-order-mark':
          ctx.report(
            CODES.byteOrderMark,
            file,
            problem.range,
            'The file starts with a UTF-8 byte order mark, so supervisord does not see the first section header ("File contains no section headers"). Save the file as UTF-8 without BOM.',
            { fix: singleFileFix('Remove the byte order mark', file, [{ range: problem.range, newText: '' }]) },
          );
          break;
        case 'no-section':
          ctx.report(
            CODES.noSection,
            file,
            problem.range,
            `'${shown}' comes before any [section], and supervisord stops with "File contains no section headers". Move it under a section such as [program:name], or comment it out with ';'.`,
          );
          break;
        case 'no-separator':
          ctx.report(
            CODES.noSeparator,
            file,
            problem.range,
            `supervisord cannot parse '${shown}': a key needs '=' or ':' (key=value), and a continuation line must be indented more than its key. Add the separator, indent the line, or comment it out with ';'.`,
          );
          break;
        case 'empty-key':
          ctx.report(CODES.noSeparator, file, problem.range, `'${shown}' has no key before the '='. Write key=value.`);
          break;
      }
    }
  }
}
