import { describe, expect, it } from 'vitest';
import { compileJqPath, MAX_JQ_FANOUT, MAX_JQ_LENGTH } from './jq-path';
import { type JsonPath, removePaths } from './json-paths';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', annotations: { 'example.com/owner': 'team', plain: 'x' }, labels: { app: 'web' } },
  spec: {
    replicas: 3,
    template: {
      metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2024-01-01T00:00:00Z' } },
      spec: {
        initContainers: [{ name: 'injected-init-container', image: 'mesh-init' }],
        containers: [
          { name: 'web', image: 'web:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] },
          { name: 'istio-proxy', image: 'proxy:1', env: [{ name: 'B', value: '3' }] },
        ],
      },
    },
  },
};

function pathsOf(expression: string, doc: unknown = deployment): JsonPath[] {
  const compiled = compileJqPath(expression);
  if (!compiled.ok) throw new Error(compiled.reason);
  return compiled.query.paths(doc);
}

describe('compileJqPath: the supported subset selects what jq would delete', () => {
  const rows: { name: string; expression: string; paths: JsonPath[] }[] = [
    { name: 'a field', expression: '.spec.replicas', paths: [['spec', 'replicas']] },
    { name: 'an absent field (deleting it is a no-op)', expression: '.spec.paused', paths: [['spec', 'paused']] },
    { name: 'a key with a slash, bracketed', expression: '.metadata.annotations["example.com/owner"]', paths: [['metadata', 'annotations', 'example.com/owner']] },
    { name: 'a key with a slash, quoted', expression: '.spec.template.metadata.annotations."kubectl.kubernetes.io/restartedAt"', paths: [['spec', 'template', 'metadata', 'annotations', 'kubectl.kubernetes.io/restartedAt']] },
    { name: 'identity then a bracketed key', expression: '.["metadata"].labels', paths: [['metadata', 'labels']] },
    { name: 'jq 1.7 dot before a bracket', expression: '.spec.template.spec.containers.[0].image', paths: [['spec', 'template', 'spec', 'containers', 0, 'image']] },
    { name: 'an index', expression: '.spec.template.spec.containers[1]', paths: [['spec', 'template', 'spec', 'containers', 1]] },
    { name: 'a negative index', expression: '.spec.template.spec.containers[-1].image', paths: [['spec', 'template', 'spec', 'containers', 1, 'image']] },
    {
      name: 'every item',
      expression: '.spec.template.spec.containers[].image',
      paths: [
        ['spec', 'template', 'spec', 'containers', 0, 'image'],
        ['spec', 'template', 'spec', 'containers', 1, 'image'],
      ],
    },
    { name: 'the items of an object', expression: '.metadata.labels[]', paths: [['metadata', 'labels', 'app']] },
    { name: 'select by name, then a field', expression: '.spec.template.spec.containers[] | select(.name == "istio-proxy") | .image', paths: [['spec', 'template', 'spec', 'containers', 1, 'image']] },
    { name: "Argo CD's example: a whole injected item", expression: '.spec.template.spec.initContainers[] | select(.name == "injected-init-container")', paths: [['spec', 'template', 'spec', 'initContainers', 0]] },
    { name: 'select with !=', expression: '.spec.template.spec.containers[] | select(.name != "web") | .image', paths: [['spec', 'template', 'spec', 'containers', 1, 'image']] },
    {
      name: 'select with or, nested lists',
      expression: '.spec.template.spec.containers[].env[] | select(.name == "A" or .value == "3")',
      paths: [
        ['spec', 'template', 'spec', 'containers', 0, 'env', 0],
        ['spec', 'template', 'spec', 'containers', 1, 'env', 0],
      ],
    },
    { name: 'select with and and parentheses', expression: '.spec.template.spec.containers[].env[] | select((.name == "B") and (.value == "2"))', paths: [['spec', 'template', 'spec', 'containers', 0, 'env', 1]] },
    { name: 'select with startswith', expression: '.spec.template.spec.containers[] | select(.name | startswith("istio")) | .image', paths: [['spec', 'template', 'spec', 'containers', 1, 'image']] },
    { name: 'select with endswith and not', expression: '.spec.template.spec.containers[] | select(.name | endswith("proxy") | not) | .image', paths: [['spec', 'template', 'spec', 'containers', 0, 'image']] },
    { name: 'select with contains', expression: '.spec.template.spec.initContainers[] | select(.name | contains("init"))', paths: [['spec', 'template', 'spec', 'initContainers', 0]] },
    { name: 'select on a truthy field', expression: '.spec.template.spec.containers[] | select(.env[1]) | .name', paths: [['spec', 'template', 'spec', 'containers', 0, 'name']] },
    { name: 'select comparing numbers', expression: 'select(.spec.replicas == 3) | .spec.replicas', paths: [['spec', 'replicas']] },
    { name: 'select matching nothing', expression: '.spec.template.spec.containers[] | select(.name == "none")', paths: [] },
    { name: 'a comma', expression: '.spec.replicas, .metadata.labels.app', paths: [['spec', 'replicas'], ['metadata', 'labels', 'app']] },
    { name: 'a parenthesised pipe', expression: '.spec.template.spec | (.containers[0].image, .initContainers[0].image)', paths: [['spec', 'template', 'spec', 'containers', 0, 'image'], ['spec', 'template', 'spec', 'initContainers', 0, 'image']] },
    { name: "? over a list that is not there (Argo CD's caBundle example)", expression: '.webhooks[]?.clientConfig.caBundle', paths: [] },
    { name: 'the same path twice counts once', expression: '.spec.replicas, .spec.replicas', paths: [['spec', 'replicas']] },
  ];
  it.each(rows)('$name', ({ expression, paths }) => {
    expect(pathsOf(expression)).toEqual(paths);
  });

  it("reads Argo CD's caBundle example on the object it was written for", () => {
    const webhook = { webhooks: [{ name: 'a', clientConfig: { caBundle: 'x' } }, { name: 'b', clientConfig: {} }] };
    expect(pathsOf('.webhooks[]?.clientConfig.caBundle', webhook)).toEqual([
      ['webhooks', 0, 'clientConfig', 'caBundle'],
      ['webhooks', 1, 'clientConfig', 'caBundle'],
    ]);
  });
});

describe('compileJqPath: an expression that fails on an object removes nothing from it, as Argo CD skips the patch', () => {
  const rows: { name: string; expression: string }[] = [
    { name: 'iterating null', expression: '.webhooks[].clientConfig' },
    { name: 'indexing a number', expression: '.spec.replicas.value' },
    { name: 'indexing an object with a number', expression: '.spec[0]' },
    { name: 'startswith on a number', expression: 'select(.spec.replicas | startswith("3")) | .spec.replicas' },
    { name: 'one failing part fails the whole expression', expression: '(.spec.template.spec.containers[].env[] | select(.name | startswith("A"))), .spec.replicas.x' },
  ];
  it.each(rows)('$name', ({ expression }) => {
    expect(pathsOf(expression)).toEqual([]);
  });

  it('? keeps what came before the first error', () => {
    const doc = { items: [{ name: 'a' }, 'text', { name: 'b' }] };
    expect(pathsOf('(.items[].name)?', doc)).toEqual([['items', 0, 'name']]);
    expect(pathsOf('.items[] | .name?', doc)).toEqual([['items', 0, 'name'], ['items', 2, 'name']]);
  });
});

describe('compileJqPath: anything outside the subset is refused, saying where', () => {
  const rows: { name: string; expression: string; reason: RegExp }[] = [
    { name: 'a function', expression: '.spec.template.spec.containers[] | map(.image)', reason: /character 36: "map"; supported functions are select, not, startswith, endswith and contains/ },
    { name: 'test (a regular expression)', expression: '.a[] | select(.name | test("x"))', reason: /"test"; supported functions/ },
    { name: 'recursion', expression: '..|.image?', reason: /character 1 \(".." recursion\)/ },
    { name: 'a slice', expression: '.a[1:2]', reason: /character 5 \(":"\)/ },
    { name: 'the alternative operator', expression: '.a // .b', reason: /character 4 \("\/"\)/ },
    { name: 'a variable', expression: '.a as $x | $x', reason: /"as"|"\$"/ },
    { name: 'string interpolation', expression: '.a["\\(.b)"]', reason: /interpolation is not supported/ },
    { name: 'an unterminated string', expression: '.a["b]', reason: /unterminated string starting at character 4/ },
    { name: 'a value, not a path', expression: '.spec.replicas == 3', reason: /not a path expression/ },
    { name: 'a literal at the top', expression: '"x"', reason: /not a path expression/ },
    { name: 'an expression in brackets', expression: '.a[.b]', reason: /only \[\], \[<integer>\] and \["<key>"\] are supported/ },
    { name: 'a fractional index', expression: '.a[1.5]', reason: /only \[\], \[<integer>\]/ },
    { name: 'chained comparisons', expression: 'select(.a == 1 == true)', reason: /comparisons do not chain/ },
    { name: 'an unclosed select', expression: '.a[] | select(.name == "x"', reason: /unexpected end of expression: expected "\)"/ },
    { name: 'trailing text', expression: '.a b', reason: /character 4: expected the end of the expression/ },
    { name: 'an empty expression', expression: '', reason: /unexpected end of expression/ },
    { name: 'startswith without a string', expression: 'select(.a | startswith(.b))', reason: /startswith\(\) takes one string literal/ },
    { name: 'too long', expression: `.${'a'.repeat(MAX_JQ_LENGTH)}`, reason: /longer than 1024 characters/ },
    { name: 'nested too deep', expression: `${'('.repeat(40)}.a${')'.repeat(40)}`, reason: /parentheses nest deeper than 32/ },
    // jq's del(.) fails in Argo CD, which then ignores nothing; here the empty path would ignore every field.
    { name: 'the whole object', expression: '.', reason: /selects the whole object/ },
    { name: 'select with nothing after it', expression: 'select(.kind == "Deployment")', reason: /selects the whole object/ },
    { name: 'the whole object as one alternative', expression: '.spec.replicas, .', reason: /selects the whole object/ },
    { name: 'the whole object behind ?', expression: 'select(.spec.paused)?', reason: /selects the whole object/ },
    { name: 'exponential alternatives', expression: Array(255).fill('.,.').join('|'), reason: new RegExp(`more than ${MAX_JQ_FANOUT} outputs from one input`) },
    { name: 'exponential alternatives of fields', expression: Array(170).fill('.a,.b').join('|'), reason: new RegExp(`more than ${MAX_JQ_FANOUT} outputs from one input`) },
  ];
  it.each(rows)('$name', ({ expression, reason }) => {
    const compiled = compileJqPath(expression);
    expect(compiled.ok).toBe(false);
    if (!compiled.ok) expect(compiled.reason).toMatch(reason);
  });
});

describe('compileJqPath: keys are own fields, never what Object.prototype has', () => {
  it('.__proto__ and .constructor of an object without them are null, as in jq; removing what they select changes nothing', () => {
    const hasOwnProperty = Object.getOwnPropertyDescriptor(Object.prototype, 'hasOwnProperty')!;
    try {
      for (const expression of ['.__proto__.hasOwnProperty', '.["__proto__"].toString', '.metadata.__proto__.hasOwnProperty', '.constructor.prototype.hasOwnProperty']) {
        const doc = structuredClone(deployment);
        removePaths(doc, pathsOf(expression, doc));
        expect(doc, expression).toEqual(deployment);
        expect(Object.hasOwn(Object.prototype, 'hasOwnProperty'), expression).toBe(true);
        expect(typeof ({} as { hasOwnProperty?: unknown }).hasOwnProperty, expression).toBe('function');
      }
      // A select on an inherited member finds nothing (it read Object itself before).
      expect(pathsOf('.spec.template.spec.containers[] | select(.constructor) | .image')).toEqual([]);
      expect(pathsOf('.metadata | .__proto__[]')).toEqual([]);
    } finally {
      if (!Object.hasOwn(Object.prototype, 'hasOwnProperty')) Object.defineProperty(Object.prototype, 'hasOwnProperty', hasOwnProperty);
    }
  });

  it('reads a key named __proto__ that the object has (JSON.parse makes it an own field)', () => {
    const doc = JSON.parse('{"data":{"__proto__":"x","b":"y"}}') as unknown;
    expect(pathsOf('.data.__proto__', doc)).toEqual([['data', '__proto__']]);
    expect(pathsOf('.data[] | select(. == "x")', doc)).toEqual([['data', '__proto__']]);
  });

  it('lists the keys an expression names, for the checks of ignore-differences.ts', () => {
    const compiled = compileJqPath('.a."b" | .["c"][] | select(.d == "e")');
    expect(compiled.ok && [...compiled.query.keys].sort()).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('compileJqPath: an evaluation past its budget removes nothing, as Argo CD skips a patch jq took too long over', () => {
  // Outputs grow as 100^N: select(.a[]) passes its input on once for every truthy item of .a.
  const items = { a: Array.from({ length: 100 }, (_, index) => index + 1), b: 1 };
  const chain = (links: number): string => `${Array(links).fill('select(.a[])').join('|')} | .b`;

  it('a million outputs: nothing selected', () => {
    expect(pathsOf(chain(3), items)).toEqual([]);
  });

  it('100^60 outputs (1,020 characters): returns, nothing selected', () => {
    expect(chain(60).length).toBeLessThanOrEqual(MAX_JQ_LENGTH);
    expect(pathsOf(chain(60), items)).toEqual([]);
  });

  it('? does not hide it: the whole expression removes nothing', () => {
    expect(pathsOf(`.b, (${chain(3)})?`, items)).toEqual([]);
    expect(pathsOf(`.b, (${chain(3).replace(' | .b', '')} | .x?)`, items)).toEqual([]);
  });

  it('an expression within the budget still selects everything it names', () => {
    const big = { items: Array.from({ length: 5000 }, (_, index) => ({ name: `n${index}`, image: 'x' })) };
    expect(pathsOf('.items[] | select(.name | startswith("n")) | .image', big)).toHaveLength(5000);
    expect(pathsOf(chain(1), items)).toEqual([['b']]);
  });
});
