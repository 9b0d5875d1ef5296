import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { AccessPolicyError, loadHubPolicy } from './hub-policy';
import { compilePattern } from './pattern-match';
import { parsePolicyText } from './policy-validation';

const settings = (policyCsv: string, extra: Partial<Parameters<typeof loadHubPolicy>[0]> = {}) => ({ policyCsv, matchMode: 'glob' as const, ...extra });

describe('policy validation', () => {
  it('reads p and g lines, comments, blank lines and quoted fields', () => {
    const parsed = parsePolicyText(
      ['# team policy', '', 'p, team-a, applications, sync, "dev/*", allow', '  g, alice@corp, role:admin  ', 'p, "a, b", clusters, get, *, deny'].join('\n'),
      'glob',
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.rules).toEqual([
      { kind: 'p', subject: 'team-a', resource: 'applications', action: 'sync', object: 'dev/*', effect: 'allow' },
      { kind: 'g', subject: 'alice@corp', role: 'role:admin' },
      { kind: 'p', subject: 'a, b', resource: 'clusters', action: 'get', object: '*', effect: 'deny' },
    ]);
  });

  it('reports every bad line with its number, its text and the reason', () => {
    const text = [
      'p, a, applications, get, */*, allow', // 1: fine
      'p, a, applications, get, */*', // 2: 5 fields
      'g, a', // 3: 2 fields
      'x, a, b', // 4: neither p nor g
      'p, a, applications, get, */*, permit', // 5: effect
      'p, a, widgets, get, *, allow', // 6: unknown resource
      'p, a, applications, get, "*/*, allow', // 7: open quote
      'p, a, applications, get, dev/[abc, allow', // 8: bad glob
      'p, , applications, get, *, allow', // 9: empty subject
      'p, a, app*, get, */*, allow', // 10: a pattern that matches a resource: fine
    ].join('\n');
    const { problems, rules } = parsePolicyText(text, 'glob');
    expect(problems.map((problem) => problem.line)).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(problems[0]).toEqual({ line: 2, text: 'p, a, applications, get, */*', reason: expect.stringContaining('6 fields') });
    expect(problems[3].reason).toContain('allow or deny');
    expect(problems[4].reason).toContain('"widgets" names none');
    expect(problems[6].reason).toContain('not a valid glob pattern');
    expect(rules).toHaveLength(2);
  });

  it('checks patterns as regular expressions in regex mode', () => {
    const { problems } = parsePolicyText(['p, a, applications, get, dev/(.*, allow', 'p, a, ^app.*, get, ^dev/.*$, allow', 'p, a, *, get, x, allow'].join('\n'), 'regex');
    expect(problems.map((problem) => problem.line)).toEqual([1, 3]);
    expect(problems[0].reason).toContain('not a valid regex pattern');
  });

  it('refuses a policy with bad lines, listing all of them, and an unknown default role', () => {
    let error: unknown;
    try {
      loadHubPolicy(settings('p, a, applications, get\ng, a, b\np, a, nothing, get, *, allow', { defaultRole: 'role:typo' }));
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(AccessPolicyError);
    const violations = (error as AccessPolicyError).violations;
    expect(violations).toEqual([
      expect.stringMatching(/^RBAC_POLICY_CSV line 1: a p line has 6 fields .*: p, a, applications, get$/),
      expect.stringMatching(/^RBAC_POLICY_CSV line 3: the resource "nothing" .*: p, a, nothing, get, \*, allow$/),
      expect.stringMatching(/^RBAC_POLICY_DEFAULT: "role:typo"/),
    ]);
    expect(loadHubPolicy(settings('g, b, role:dev\np, role:dev, applications, *, */*, allow', { defaultRole: 'role:dev' })).defaultRole).toBe('role:dev');
  });

  it('joins RBAC_POLICY_CSV and RBAC_POLICY_FILE, naming the file in its problems', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-policy-'));
    const file = path.join(dir, 'policy.csv');
    try {
      fs.writeFileSync(file, '# from the file\ng, bob, role:readonly\n');
      expect(loadHubPolicy(settings('g, alice, role:admin', { policyFile: file })).rules).toEqual([
        { kind: 'g', subject: 'alice', role: 'role:admin' },
        { kind: 'g', subject: 'bob', role: 'role:readonly' },
      ]);
      fs.writeFileSync(file, 'g, bob\n');
      expect(() => loadHubPolicy({ matchMode: 'glob', policyFile: file })).toThrow(`RBAC_POLICY_FILE ${file} line 1: a g line has 3 fields`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports a policy file that cannot be read', () => {
    expect(() => loadHubPolicy({ matchMode: 'glob', policyFile: '/nonexistent/flotilla-policy.csv' })).toThrow(/RBAC_POLICY_FILE: cannot read .*ENOENT/);
  });
});

describe('pattern matching', () => {
  const glob = (pattern: string, value: string) => {
    const compiled = compilePattern('glob', pattern);
    return compiled.ok && compiled.regex.test(value);
  };

  it('matches globs as Argo CD does: * across /, ?, classes, alternatives, escapes, whole values', () => {
    expect(glob('default/*', 'default/team/app')).toBe(true);
    expect(glob('action/extensions/*', 'action/extensions/DaemonSet/test')).toBe(true);
    expect(glob('dev/a?p', 'dev/app')).toBe(true);
    expect(glob('dev/[ab]pp', 'dev/bpp')).toBe(true);
    expect(glob('dev/[!ab]pp', 'dev/bpp')).toBe(false);
    expect(glob('{dev,prod}/*', 'prod/x')).toBe(true);
    expect(glob('dev/\\*', 'dev/x')).toBe(false);
    expect(glob('dev', 'xdev')).toBe(false);
    expect(glob('a.b', 'axb')).toBe(false);
  });
});
