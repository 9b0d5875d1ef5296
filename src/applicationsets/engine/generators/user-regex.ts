import { compileGoRegex } from '../../../gotemplate/functions/regex';

const MAX_PATTERN_LENGTH = 1000;

/**
 * A filter pattern from a manifest (Argo CD compiles it with Go's regexp, RE2 syntax, unanchored MatchString).
 * Go's engine runs in linear time; JavaScript's backtracks, so a pattern that repeats a repetition (`(a+)+`,
 * `(a|ab)*`) could hold the hub's event loop for minutes on one provider answer. Such patterns, and very long ones,
 * are refused with a message saying how to rewrite them. Returns the compiled pattern or the reason it was refused.
 */
export function compileUserRegex(pattern: string): RegExp | string {
  if (pattern.length > MAX_PATTERN_LENGTH) return `pattern longer than ${MAX_PATTERN_LENGTH} characters`;
  const nested = nestedRepetition(pattern);
  if (nested !== undefined) {
    return `the group "${nested}" repeats a repetition or an alternation, which can take exponential time here; rewrite it without the outer repetition`;
  }
  try {
    return compileGoRegex(pattern, false);
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

interface OpenGroup {
  start: number;
  repeats: boolean;
}

/** The first group that is repeated (`*`, `+`, `{n,…}`) while holding a repetition or an alternation. */
function nestedRepetition(pattern: string): string | undefined {
  const stack: OpenGroup[] = [{ start: -1, repeats: false }];
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index];
    if (char === '\\') {
      index++;
      continue;
    }
    if (char === '[') {
      index = endOfClass(pattern, index);
      continue;
    }
    const top = stack[stack.length - 1];
    if (char === '(') stack.push({ start: index, repeats: false });
    else if (char === '|' || isRepetition(pattern, index)) top.repeats = true;
    else if (char === ')' && stack.length > 1) {
      stack.pop();
      const parent = stack[stack.length - 1];
      const repeated = isRepetition(pattern, index + 1);
      if (repeated && top.repeats) return pattern.slice(top.start, index + 1);
      // A group that repeats or holds a repetition is variable-length: repeating what encloses it nests repetitions.
      if (repeated || top.repeats) parent.repeats = true;
    }
  }
  return undefined;
}

function isRepetition(pattern: string, index: number): boolean {
  const char = pattern[index];
  if (char === '*' || char === '+') return true;
  // `{n,}` and `{n,m}` with m > 1 repeat; `{n}` and `?` do not multiply paths on their own.
  if (char !== '{') return false;
  const bound = /^\{(\d+)(,(\d*))?\}/.exec(pattern.slice(index));
  if (!bound || bound[2] === undefined) return false;
  return bound[3] === '' || Number(bound[3]) > 1;
}

function endOfClass(pattern: string, open: number): number {
  let index = open + 1;
  if (pattern[index] === '^') index++;
  if (pattern[index] === ']') index++;
  for (; index < pattern.length; index++) {
    if (pattern[index] === '\\') index++;
    else if (pattern[index] === '[' && pattern[index + 1] === ':') index = pattern.indexOf(':]', index + 2) + 1 || index;
    else if (pattern[index] === ']') return index;
  }
  return pattern.length;
}
