import { describe, expect, it } from 'vitest';
import { FuncMap, GoMember, GoObject, GoParam, GoValue, fmtSprintf, formatValue, parseGoTemplate } from './index';

const INT: GoParam = { type: 'int', constant: 'int', accepts: (v) => typeof v === 'bigint' };
const STRING: GoParam = { type: 'string', constant: 'string', accepts: (v) => typeof v === 'string' };
const POINT: GoParam = { type: 'geo.Point', constant: 'none', accepts: (v) => v instanceof Point };

/** A struct with exported fields, an unexported one, and methods: what the engine sees of time.Time or certificate. */
class Point extends GoObject {
  readonly typeName = 'geo.Point';
  readonly kind = 'struct';
  constructor(readonly x: bigint, readonly y: bigint) {
    super();
  }
  override fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [['X', this.x], ['Y', this.y]];
  }
  goSyntax(): string {
    return `geo.Point{X:${this.x}, Y:${this.y}}`;
  }
  equals(other: GoObject): boolean {
    return other instanceof Point && other.x === this.x && other.y === this.y;
  }
  jsonValue(): GoValue {
    return { X: this.x, Y: this.y };
  }
  member(name: string): GoMember | undefined {
    if (name === 'X') return { kind: 'field', value: this.x };
    if (name === 'Y') return { kind: 'field', value: this.y };
    if (name === 'secret') return { kind: 'unexported' };
    if (name === 'Move') return { kind: 'method', params: [INT, INT], call: ([dx, dy]) => new Point(this.x + (dx as bigint), this.y + (dy as bigint)) };
    if (name === 'Label') return { kind: 'method', params: [STRING], call: ([text]) => `${text as string}@${this.x},${this.y}` };
    if (name === 'Equal') return { kind: 'method', params: [POINT], call: ([other]) => this.equals(other as Point) };
    if (name === 'Level') return { kind: 'method', params: [], call: () => new Level(this.x) };
    if (name === 'Broken') return { kind: 'method', params: [], call: () => { throw new Error('it broke'); } };
    return undefined;
  }
}

/** A named integer type with a String method, like time.Month. */
class Level extends GoObject {
  readonly typeName = 'geo.Level';
  readonly kind = 'int';
  constructor(override readonly integer: bigint) {
    super();
  }
  override stringer(): string {
    return `L${this.integer}`;
  }
  goSyntax(): string {
    return this.integer.toString();
  }
  equals(other: GoObject): boolean {
    return other.integer === this.integer;
  }
  jsonValue(): GoValue {
    return this.integer;
  }
  member(name: string): GoMember | undefined {
    return name === 'String' ? { kind: 'method', params: [], call: () => this.stringer() } : undefined;
  }
  override withInteger(value: bigint): GoObject {
    return new Level(value);
  }
}

const funcs: FuncMap = {
  point: (x, y) => new Point(x as bigint, y as bigint),
  level: (n) => new Level(n as bigint),
  dict: (...kv) => Object.fromEntries(Array.from({ length: kv.length / 2 }, (_, i) => [formatValue(kv[2 * i]), kv[2 * i + 1]])),
  mul: (a, b) => (a as bigint) * (b as bigint),
};

function render(text: string, data: GoValue = { n: 2 }): string {
  return parseGoTemplate('t', text, funcs).execute(data);
}

describe('fields and methods of named types', () => {
  it.each([
    { name: 'an exported field', template: '{{ (point 1 2).X }}', output: '1' },
    { name: 'a field of a variable', template: '{{ $p := point 1 2 }}{{ $p.Y }}', output: '2' },
    { name: 'a method with constant arguments', template: '{{ (point 1 2).Move 3 4 }}', output: '{4 6}' },
    { name: 'a method on a function result', template: '{{ $p := point 1 2 }}{{ $p.Label "here" }}', output: 'here@1,2' },
    { name: 'the piped value as the last argument', template: '{{ "piped" | (point 1 2).Label }}', output: 'piped@1,2' },
    { name: 'a chain of methods and fields', template: '{{ ((point 1 2).Move 1 1).X }}', output: '2' },
    { name: 'an integer constant written as a float', template: '{{ ((point 1 2).Move 1.0 2e0).Y }}', output: '4' },
    { name: 'a computed int for an int parameter', template: '{{ ((point 1 2).Move (mul 2 3) 0).X }}', output: '7' },
    { name: 'a struct argument', template: '{{ $p := point 1 2 }}{{ $p.Equal (point 1 2) }} {{ $p.Equal ($p.Move 1 0) }}', output: 'true false' },
    { name: 'a value read from a map', template: '{{ $d := dict "p" (point 5 6) }}{{ $d.p.X }}', output: '5' },
    { name: 'a method in the middle of a chain', template: '{{ (point 3 2).Level.String }}', output: 'L3' },
    { name: 'a struct prints its fields', template: '{{ point 1 2 }}', output: '{1 2}' },
    { name: 'a named integer prints through String', template: '{{ level 3 }}', output: 'L3' },
    { name: 'a struct is always true', template: '{{ if point 0 0 }}yes{{ end }}', output: 'yes' },
    { name: 'a named integer is true when not zero', template: '{{ if level 0 }}yes{{ else }}no{{ end }}', output: 'no' },
    { name: 'eq on structs is Go ==', template: '{{ eq (point 1 2) (point 1 2) }} {{ eq (point 1 2) (point 2 1) }} {{ ne (point 1 2) (point 2 1) }}', output: 'true false true' },
    { name: 'eq of a struct and nil', template: '{{ eq (point 1 2) nil }}', output: 'false' },
    { name: 'named integers compare as integers', template: '{{ eq (level 3) 3 }} {{ lt (level 3) 4 }} {{ eq (level 2) (level 2) }}', output: 'true true true' },
    { name: 'range over a named integer yields its type', template: '{{ range level 3 }}{{ . }},{{ end }}', output: 'L0,L1,L2,' },
    { name: 'printf verbs on a named integer', template: '{{ printf "%v %s %d %q %T %#v %3d" (level 7) (level 7) (level 7) (level 7) (level 7) (level 7) (level 7) }}', output: 'L7 L7 7 "L7" geo.Level 7   7' },
    { name: 'printf verbs on a struct', template: '{{ printf "%v|%+v|%#v|%T|%03d" (point 1 2) (point 1 2) (point 1 2) (point 1 2) (point 1 2) }}', output: '{1 2}|{X:1 Y:2}|geo.Point{X:1, Y:2}|geo.Point|{001 002}' },
    { name: 'print puts spaces between structs', template: '{{ print (point 1 2) (point 3 4) }}', output: '{1 2} {3 4}' },
  ])('$name', ({ template, output }) => {
    expect(render(template)).toBe(output);
  });

  it.each([
    { name: 'a missing member', template: '{{ (point 1 2).Z }}', error: 'executing "t" at <2>: can\'t evaluate field Z in type geo.Point' },
    { name: 'a missing member of a boxed value', template: '{{ $d := dict "p" (point 5 6) }}{{ $d.p.Z }}', error: 'can\'t evaluate field Z in type interface {}' },
    { name: 'an unexported field', template: '{{ $p := point 1 2 }}{{ $p.secret }}', error: 'at <$p.secret>: secret is an unexported field of struct type geo.Point' },
    { name: 'arguments to a field', template: '{{ $p := point 1 2 }}{{ $p.X 1 }}', error: 'X has arguments but cannot be invoked as function' },
    { name: 'too few arguments', template: '{{ $p := point 1 2 }}{{ $p.Move 1 }}', error: 'at <$p.Move>: wrong number of args for Move: want 2 got 1' },
    { name: 'too many arguments', template: '{{ $p := point 1 2 }}{{ $p.Level 1 }}', error: 'wrong number of args for Level: want 0 got 1' },
    { name: 'arguments in the middle of a chain', template: '{{ $p := point 1 2 }}{{ $p.Move.X }}', error: 'wrong number of args for Move: want 2 got 0' },
    { name: 'a fractional constant for an int', template: '{{ $p := point 1 2 }}{{ $p.Move 1.5 0 }}', error: 'at <1.5>: expected integer; found 1.5' },
    { name: 'a string constant for an int', template: '{{ $p := point 1 2 }}{{ $p.Move "1" 0 }}', error: 'expected integer; found "1"' },
    { name: 'a number constant for a string', template: '{{ $p := point 1 2 }}{{ $p.Label 1 }}', error: 'expected string; found 1' },
    { name: 'a bool constant for a string', template: '{{ $p := point 1 2 }}{{ $p.Label true }}', error: 'expected string; found true' },
    { name: 'a constant for a struct', template: '{{ $p := point 1 2 }}{{ $p.Equal 1 }}', error: "can't handle 1 for arg of type geo.Point" },
    { name: 'nil for a struct', template: '{{ $p := point 1 2 }}{{ $p.Equal nil }}', error: 'cannot assign nil to geo.Point' },
    { name: 'a computed value of the wrong type', template: '{{ $p := point 1 2 }}{{ $p.Equal .n }}', error: 'wrong type for value; expected geo.Point; got float64' },
    { name: 'a missing value', template: '{{ $p := point 1 2 }}{{ $p.Label .missing }}', error: 'invalid value; expected string' },
    { name: 'a piped value of the wrong type', template: '{{ $p := point 1 2 }}{{ 3 | $p.Label }}', error: 'wrong type for value; expected string; got int' },
    { name: 'a failing method', template: '{{ $p := point 1 2 }}{{ $p.Broken }}', error: 'error calling Broken: it broke' },
    { name: 'ordering structs', template: '{{ lt (point 1 2) (point 1 2) }}', error: 'invalid type for comparison' },
    { name: 'eq of a struct and a string', template: '{{ eq (point 1 2) "x" }}', error: 'incompatible types for comparison: geo.Point and string' },
    { name: 'eq of a struct and a map', template: '{{ eq (point 1 2) (dict) }}', error: 'non-comparable types {1 2}: geo.Point, map[string]interface {}: map[]' },
    { name: 'len of a struct', template: '{{ len (point 1 2) }}', error: 'len of type geo.Point' },
    { name: 'index of a struct', template: '{{ index (point 1 2) "X" }}', error: "can't index item of type geo.Point" },
    { name: 'range over a struct', template: '{{ range point 1 2 }}{{ end }}', error: "range can't iterate over {1 2}" },
  ])('fails for $name', ({ template, error }) => {
    expect(() => render(template)).toThrow(error);
  });

  it('formats nested named values inside lists and maps with the same verb', () => {
    expect(fmtSprintf('%v', [[new Level(1n), { p: new Point(1n, 2n) }]])).toBe('[L1 map[p:{1 2}]]');
    expect(formatValue([new Point(1n, 2n)])).toBe('[{1 2}]');
  });
});
