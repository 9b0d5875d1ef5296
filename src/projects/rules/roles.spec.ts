import { describe, expect, it } from 'vitest';
import { parseAppProjectManifest } from './index';

/** A project `team-a` with the given roles, posted as a manifest. */
function withRoles(...roles: unknown[]): unknown {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AppProject',
    metadata: { name: 'team-a' },
    spec: { sourceRepos: ['*'], roles },
  };
}

const policy = (rest: string) => `p, proj:team-a:ci, ${rest}`;
const ci = (fields: Record<string, unknown>) => ({ name: 'ci', ...fields });

describe('project roles (spec.roles) as Argo CD validates them', () => {
  it('accepts the roles Argo CD accepts and keeps every field, jwtTokens included', () => {
    const roles = [
      {
        name: 'ci',
        description: 'the pipeline',
        policies: [
          policy('applications, get, team-a/*, allow'),
          policy('applications, sync, team-a/my-api, allow'),
          'p,proj:team-a:ci,applicationsets,*,team-a/*,deny',
          policy('applications, action/apps/Deployment/restart, team-a/argocd/my-api, allow'),
          policy('logs, get, team-a/*, allow'),
          policy('exec, create, team-a/*, allow'),
          policy('clusters, get, team-a/*, allow'),
          policy('repositories, get, team-a/*, allow'),
          policy('applications, update/*, team-a/*, allow'),
          policy('rollouts, approve, team-a/my-set, allow'),
          policy('rollouts, get, team-a/*, allow'),
        ],
        groups: ['my-org:team-a', '"Team A, Ops"'],
        jwtTokens: [{ iat: 1700000000, exp: 1800000000, id: 'abc' }],
      },
      { name: 'read_only-2' },
    ];
    const result = parseAppProjectManifest(withRoles(...roles));
    expect(result.ok, JSON.stringify(result)).toBe(true);
    if (result.ok) expect(result.project.spec.roles).toEqual(roles);
  });

  const invalid: { name: string; roles: unknown[]; path: string; message: RegExp }[] = [
    { name: 'a role without a name', roles: [{ policies: [] }], path: 'spec.roles[0].name', message: /expected string/ },
    { name: 'a role name with a dot', roles: [{ name: 'ci.bot' }], path: 'spec.roles[0].name', message: /alphanumeric characters, '-' or '_'/ },
    { name: 'a role name ending in a dash', roles: [{ name: 'ci-' }], path: 'spec.roles[0].name', message: /start and end with an alphanumeric/ },
    { name: 'an empty role name', roles: [{ name: '' }], path: 'spec.roles[0].name', message: /invalid role name ''/ },
    { name: 'two roles of one name', roles: [{ name: 'ci' }, { name: 'ci' }], path: 'spec.roles[1].name', message: /role 'ci' already exists \(spec\.roles\[0\]\)/ },
    { name: 'policies not a list', roles: [ci({ policies: 'p, x' })], path: 'spec.roles[0].policies', message: /expected array/ },
    { name: 'a policy with five fields', roles: [ci({ policies: [policy('applications, get, team-a/*')] })], path: 'spec.roles[0].policies[0]', message: /'p, sub, res, act, obj, eft'/ },
    { name: 'a grouping rule', roles: [ci({ policies: ['g, my-org:team-a, proj:team-a:ci, x, y, z'] })], path: 'spec.roles[0].policies[0]', message: /'p, sub, res, act, obj, eft'/ },
    { name: 'a policy for another role', roles: [ci({ policies: ['p, proj:team-a:admin, applications, get, team-a/*, allow'] })], path: 'spec.roles[0].policies[0]', message: /subject must be 'proj:team-a:ci', not 'proj:team-a:admin'/ },
    { name: 'a policy for another project', roles: [ci({ policies: ['p, proj:team-b:ci, applications, get, team-b/*, allow'] })], path: 'spec.roles[0].policies[0]', message: /subject must be 'proj:team-a:ci'/ },
    { name: 'a resource outside the project', roles: [ci({ policies: [policy('projects, get, team-a/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /resource must be one of .*'rollouts', not 'projects'/ },
    { name: 'an unknown action', roles: [ci({ policies: [policy('applications, deploy, team-a/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /'deploy' is not a valid action/ },
    { name: 'a rollout action on applications', roles: [ci({ policies: [policy('applications, approve, team-a/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /'approve' is not a valid action/ },
    { name: 'an unknown rollout action', roles: [ci({ policies: [policy('rollouts, skip, team-a/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /'skip' is not a valid action for rollouts/ },
    { name: 'an object in another project', roles: [ci({ policies: [policy('applications, get, team-b/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /object must be of the form 'team-a\/\*'.*not 'team-b\/\*'/ },
    { name: 'an object that only starts with the project name', roles: [ci({ policies: [policy('applications, get, team-ab/*, allow')] })], path: 'spec.roles[0].policies[0]', message: /not 'team-ab\/\*'/ },
    { name: 'an object without a name', roles: [ci({ policies: [policy('applications, get, team-a, allow')] })], path: 'spec.roles[0].policies[0]', message: /object must be/ },
    { name: 'an object with too many parts', roles: [ci({ policies: [policy('applications, get, team-a/a/b/c, allow')] })], path: 'spec.roles[0].policies[0]', message: /object must be/ },
    { name: 'an effect other than allow or deny', roles: [ci({ policies: [policy('applications, get, team-a/*, permit')] })], path: 'spec.roles[0].policies[0]', message: /effect must be 'allow' or 'deny', not 'permit'/ },
    { name: 'a policy twice', roles: [ci({ policies: [policy('logs, get, team-a/*, allow'), policy('logs, get, team-a/*, allow')] })], path: 'spec.roles[0].policies[1]', message: /duplicates spec\.roles\[0\]\.policies\[0\]/ },
    { name: 'a policy that is not text', roles: [ci({ policies: [42] })], path: 'spec.roles[0].policies[0]', message: /expected string/ },
    { name: 'an empty group', roles: [ci({ groups: ['  '] })], path: 'spec.roles[0].groups[0]', message: /must not be empty/ },
    { name: 'a group with an unquoted comma', roles: [ci({ groups: ['a,b'] })], path: 'spec.roles[0].groups[0]', message: /must be quoted/ },
    { name: 'a group with a tab', roles: [ci({ groups: ['team\tops'] })], path: 'spec.roles[0].groups[0]', message: /must not contain/ },
    { name: 'a group with a quote inside', roles: [ci({ groups: ['"a"b"'] })], path: 'spec.roles[0].groups[0]', message: /must not contain/ },
    { name: 'a group with a leading space', roles: [ci({ groups: [' ops'] })], path: 'spec.roles[0].groups[0]', message: /must not start with a space/ },
    { name: 'a group with a trailing space', roles: [ci({ groups: ['ops '] })], path: 'spec.roles[0].groups[0]', message: /must not end with a space/ },
    { name: 'a group twice', roles: [ci({ groups: ['ops', 'dev', 'ops'] })], path: 'spec.roles[0].groups[2]', message: /group 'ops' duplicates spec\.roles\[0\]\.groups\[0\]/ },
    { name: 'a token record without iat', roles: [ci({ jwtTokens: [{ id: 'x' }] })], path: 'spec.roles[0].jwtTokens[0].iat', message: /expected number/ },
  ];
  it.each(invalid)('refuses $name with the field path', ({ roles, path, message }) => {
    const result = parseAppProjectManifest(withRoles(...roles));
    expect(result).toMatchObject({ ok: false, code: 'InvalidManifest' });
    if (result.ok) return;
    const issue = result.issues.find((candidate) => candidate.path === path);
    expect(issue, JSON.stringify(result.issues)).toBeDefined();
    expect(issue?.message).toMatch(message);
  });

  it('reports every problem, not only the first', () => {
    const result = parseAppProjectManifest(withRoles({ name: 'ci', policies: [policy('projects, get, team-a/*, allow')], groups: [''] }, { name: 'bad name' }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.issues.map((issue) => issue.path)).toEqual(['spec.roles[0].policies[0]', 'spec.roles[0].groups[0]', 'spec.roles[1].name']);
  });
});
