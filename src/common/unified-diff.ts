/** Lines of context around each change, as `diff -u` and `kubectl diff` print. */
const CONTEXT = 3;
/**
 * Above this many cells the middle of two texts is not aligned line by line but shown as replaced whole: the
 * alignment table is `rows × columns`, and a bound keeps one request's memory and time small (≈ 2,000 × 2,000 lines).
 */
const MAX_CELLS = 4_000_000;

type Edit = { op: ' ' | '-' | '+'; line: string };

/**
 * A unified diff (`---`/`+++` headers, `@@ -a,b +c,d @@` hunks) from `before` to `after`; '' when they are equal.
 * The common beginning and end are skipped first, and the middle is aligned by longest common subsequence.
 */
export function unifiedDiff(before: string, after: string, names: { before: string; after: string }): string {
  if (before === after) return '';
  const edits = editScript(linesOf(before), linesOf(after));
  const hunks = hunksOf(edits);
  return [`--- ${names.before}`, `+++ ${names.after}`, ...hunks].join('\n') + '\n';
}

function linesOf(text: string): string[] {
  if (text === '') return [];
  return (text.endsWith('\n') ? text.slice(0, -1) : text).split('\n');
}

function editScript(a: string[], b: string[]): Edit[] {
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const same = (lines: string[]): Edit[] => lines.map((line) => ({ op: ' ', line }));
  return [...same(a.slice(0, start)), ...alignMiddle(a.slice(start, endA), b.slice(start, endB)), ...same(a.slice(endA))];
}

function alignMiddle(a: string[], b: string[]): Edit[] {
  const removed = (lines: string[]): Edit[] => lines.map((line) => ({ op: '-', line }));
  const added = (lines: string[]): Edit[] => lines.map((line) => ({ op: '+', line }));
  if (a.length === 0 || b.length === 0 || a.length * b.length > MAX_CELLS) return [...removed(a), ...added(b)];
  // common[i][j]: the length of the longest common subsequence of a[i..] and b[j..] (one flat table).
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  for (let i = a.length - 1; i >= 0; i -= 1) {
    for (let j = b.length - 1; j >= 0; j -= 1) {
      common[i * width + j] = a[i] === b[j] ? common[(i + 1) * width + j + 1] + 1 : Math.max(common[(i + 1) * width + j], common[i * width + j + 1]);
    }
  }
  const edits: Edit[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      edits.push({ op: ' ', line: a[i] });
      i += 1;
      j += 1;
    } else if (common[(i + 1) * width + j] >= common[i * width + j + 1]) {
      edits.push({ op: '-', line: a[i] });
      i += 1;
    } else {
      edits.push({ op: '+', line: b[j] });
      j += 1;
    }
  }
  return [...edits, ...removed(a.slice(i)), ...added(b.slice(j))];
}

/** Groups the edits into hunks: each change with up to CONTEXT unchanged lines around it, close changes merged. */
function hunksOf(edits: Edit[]): string[] {
  const changed = edits.flatMap((edit, index) => (edit.op === ' ' ? [] : [index]));
  const lines: string[] = [];
  let cursor = 0;
  while (cursor < changed.length) {
    const first = Math.max(0, changed[cursor] - CONTEXT);
    let last = changed[cursor];
    while (cursor + 1 < changed.length && changed[cursor + 1] - last <= 2 * CONTEXT + 1) {
      cursor += 1;
      last = changed[cursor];
    }
    cursor += 1;
    const end = Math.min(edits.length, last + CONTEXT + 1);
    const before = edits.slice(0, first);
    const hunk = edits.slice(first, end);
    const oldStart = before.filter((edit) => edit.op !== '+').length;
    const newStart = before.filter((edit) => edit.op !== '-').length;
    const oldCount = hunk.filter((edit) => edit.op !== '+').length;
    const newCount = hunk.filter((edit) => edit.op !== '-').length;
    lines.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`, ...hunk.map((edit) => `${edit.op}${edit.line}`));
  }
  return lines;
}

/** `start,count` with 1-based lines; an empty range names the line before it (`0,0` at the top), as GNU diff does. */
function range(start: number, count: number): string {
  return `${count === 0 ? start : start + 1},${count}`;
}
