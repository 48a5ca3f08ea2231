// Python's idea of whitespace (str.isspace, str.strip), which differs from JavaScript's trim():
// Python counts \x1c-\x1f and \x85 as spaces and does not count \ufeff.
const PY_SPACE = /[\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/;

export function isPySpace(ch: string | undefined): boolean {
  return ch !== undefined && ch.length > 0 && PY_SPACE.test(ch);
}

export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPySpace(text[start])) start++;
  while (end > start && isPySpace(text[end - 1])) end--;
  return text.slice(start, end);
}
