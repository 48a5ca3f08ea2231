// Bounds on what the evaluator builds. A module written to explode (`X = X + X` forty times, `"a" * 999` three
// times, a list extended with itself) or a paste gone wrong must give unknown values, not a frozen editor or a
// process out of memory. Real settings stay far below these sizes.
import { unknown, type Value } from './values';

const MAX_STRING_LENGTH = 1 << 22;
const MAX_ITEMS = 10_000;

export const TOO_LARGE_REASON = 'too large to evaluate';

/** Whether a string of `length` (or a collection of `length` items, with `items` set) may be built. */
export function fits(length: number, items = false): boolean {
  return length <= (items ? MAX_ITEMS : MAX_STRING_LENGTH);
}

function isTooLarge(value: Value): boolean {
  switch (value.kind) {
    case 'str':
    case 'bytes':
      return !fits(value.value.length);
    case 'list':
    case 'tuple':
    case 'set':
      return !fits(value.items.length, true);
    case 'dict':
      return !fits(value.entries.length, true);
    default:
      return false;
  }
}

/** The value, or an unknown one when it is past the bounds. */
export function bounded(value: Value): Value {
  return isTooLarge(value) ? unknown(TOO_LARGE_REASON, value.loc, value.env) : value;
}
