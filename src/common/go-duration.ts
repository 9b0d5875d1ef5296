/*
 * Go's duration syntax (time.ParseDuration), which Argo CD manifests use for sync windows and retry back-off: an
 * optional sign, then one or more decimal numbers each with a unit — `300ms`, `1.5h`, `2h45m`, `-1m`; `0` alone
 * needs no unit. Returned in milliseconds, or undefined when the text is not a Go duration.
 */

const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
// Longer units first, so `ms` is never read as `m` followed by garbage.
// Greek mu (U+03BC) as an escape: the bundled hub's text stays within Latin-1 (scripts/bundle-hub.mjs).
const TERM = /^(\d*)(?:\.(\d*))?(ns|us|µs|\u03bcs|ms|s|m|h)/;

export function parseGoDuration(text: string): number | undefined {
  const sign = text.startsWith('-') ? -1 : 1;
  let rest = text.startsWith('-') || text.startsWith('+') ? text.slice(1) : text;
  if (rest === '0') return 0;
  if (rest === '') return undefined;
  let total = 0;
  while (rest !== '') {
    const term = TERM.exec(rest);
    if (!term || (term[1] === '' && !term[2])) return undefined;
    total += Number(`${term[1] || '0'}.${term[2] || '0'}`) * UNIT_MS[term[3]];
    rest = rest.slice(term[0].length);
  }
  return sign * total;
}
