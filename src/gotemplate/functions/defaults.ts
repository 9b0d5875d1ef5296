import { goTypeName, kindOf, type GoValue } from '../value';
import { boolArg, buildFunctions, deepEqual, fail, isEmpty, stringArg } from './args';

/**
 * sprig's defaults, flow control and reflection functions. `required` is Helm's, not sprig's, and Argo CD does not add
 * it, so it is absent here too. typeOf/kindOf name a bigint "int", as the engine's messages do (sprig's own math
 * results would say int64 in Go).
 */
export const defaultFunctions = buildFunctions({
  // `default "x" .missing`: the given value unless it is empty by sprig's rules (0, "", false, nil, empty list/map).
  default: [1, undefined, (fallback, ...given) => (given.length === 0 || isEmpty(given[0]) ? fallback : given[0])],
  empty: [1, 1, (v) => isEmpty(v)],
  coalesce: [0, undefined, (...values) => values.find((v) => !isEmpty(v)) ?? null],
  all: [0, undefined, (...values) => values.every((v) => !isEmpty(v))],
  any: [0, undefined, (...values) => values.some((v) => !isEmpty(v))],
  ternary: [3, 3, (whenTrue, whenFalse, condition) => (boolArg(condition) ? whenTrue : whenFalse)],
  fail: [1, 1, (message) => fail(stringArg(message))],
  typeOf: [1, 1, (v) => goTypeName(v)],
  typeIs: [2, 2, (target, v) => stringArg(target) === goTypeName(v)],
  typeIsLike: [2, 2, (target, v) => [stringArg(target), `*${stringArg(target)}`].includes(goTypeName(v))],
  kindOf: [1, 1, (v) => kindOf(v)],
  kindIs: [2, 2, (target, v) => stringArg(target) === kindOf(v)],
  deepEqual: [2, 2, (a: GoValue, b: GoValue) => deepEqual(a, b)],
});
