import { describe, expect, it } from 'vitest';
import { createDefaultRegistry } from './index';

const secret = { secretName: 's', key: 'token' };

describe('pullRequest and scmProvider configuration shapes (every provider)', () => {
  const registry = createDefaultRegistry();
  const valid: { name: string; entry: Record<string, unknown> }[] = [
    { name: 'PR github', entry: { pullRequest: { github: { owner: 'o', repo: 'r', api: 'https://ghe.local/api/v3', tokenRef: secret, appSecretName: 'app', labels: ['preview'] }, requeueAfterSeconds: 60 } } },
    { name: 'PR gitlab', entry: { pullRequest: { gitlab: { project: 'g/p', api: 'https://gl.local', tokenRef: secret, labels: [], pullRequestState: 'opened', insecure: false, caRef: { configMapName: 'c', key: 'ca' } } } } },
    { name: 'PR gitea', entry: { pullRequest: { gitea: { owner: 'o', repo: 'r', api: 'https://gitea.local', tokenRef: secret, insecure: true, labels: ['a'] } } } },
    { name: 'PR bitbucketServer basic', entry: { pullRequest: { bitbucketServer: { project: 'P', repo: 'r', api: 'https://bbs.local/rest', basicAuth: { username: 'u', passwordRef: secret } } } } },
    { name: 'PR bitbucketServer bearer', entry: { pullRequest: { bitbucketServer: { project: 'P', repo: 'r', api: 'https://bbs.local/rest', bearerToken: { tokenRef: secret } } } } },
    { name: 'PR bitbucket', entry: { pullRequest: { bitbucket: { owner: 'o', repo: 'r', bearerToken: { tokenRef: secret } } } } },
    { name: 'PR azuredevops', entry: { pullRequest: { azuredevops: { organization: 'org', project: 'p', repo: 'r', tokenRef: secret, labels: ['x'] } } } },
    { name: 'PR filters, values, continueOnRepoNotFoundError', entry: { pullRequest: { github: { owner: 'o', repo: 'r' }, filters: [{ branchMatch: 'a', targetBranchMatch: 'b', titleMatch: 'c' }], values: { a: 'b' }, continueOnRepoNotFoundError: true, template: { metadata: {} } } } },
    { name: 'SCM github', entry: { scmProvider: { github: { organization: 'o', api: 'https://ghe.local', tokenRef: secret, allBranches: true, excludeArchivedRepos: true } } } },
    { name: 'SCM gitlab', entry: { scmProvider: { gitlab: { group: 'g', includeSubgroups: true, includeSharedProjects: false, topic: 't', tokenRef: secret, insecure: false, includeArchivedRepos: true } } } },
    { name: 'SCM gitea', entry: { scmProvider: { gitea: { owner: 'o', api: 'https://gitea.local', allBranches: false } } } },
    { name: 'SCM bitbucket', entry: { scmProvider: { bitbucket: { owner: 'o', user: 'u', appPasswordRef: secret } } } },
    { name: 'SCM bitbucketServer', entry: { scmProvider: { bitbucketServer: { project: 'P', api: 'https://bbs.local', bearerToken: { tokenRef: secret } } } } },
    { name: 'SCM azureDevOps', entry: { scmProvider: { azureDevOps: { organization: 'org', teamProject: 'tp', accessTokenRef: secret } } } },
    { name: 'SCM filters and clone protocol', entry: { scmProvider: { github: { organization: 'o' }, cloneProtocol: 'https', filters: [{ repositoryMatch: 'a', pathsExist: ['x'], pathsDoNotExist: ['y'], labelMatch: 'l', branchMatch: 'b' }], values: { a: 'b' } } } },
    { name: 'null optional fields', entry: { pullRequest: { github: { owner: 'o', repo: 'r', api: null, labels: null }, filters: null, values: null } } },
  ];
  it.each(valid)('accepts $name', ({ entry }) => {
    expect(registry.validateEntry(entry, 'g', 0)).toEqual([]);
  });

  const invalid: { name: string; entry: Record<string, unknown>; path: string; message: RegExp }[] = [
    { name: 'PR github without repo', entry: { pullRequest: { github: { owner: 'o' } } }, path: 'g.pullRequest.github.repo', message: /expected string/ },
    { name: 'PR gitlab labels not a list', entry: { pullRequest: { gitlab: { project: 'p', labels: 'a' } } }, path: 'g.pullRequest.gitlab.labels', message: /expected array/ },
    { name: 'PR gitea without api', entry: { pullRequest: { gitea: { owner: 'o', repo: 'r' } } }, path: 'g.pullRequest.gitea.api', message: /expected string/ },
    { name: 'PR bitbucketServer basicAuth without passwordRef', entry: { pullRequest: { bitbucketServer: { project: 'P', repo: 'r', api: 'a', basicAuth: { username: 'u' } } } }, path: 'g.pullRequest.bitbucketServer.basicAuth.passwordRef', message: /expected object/ },
    { name: 'PR bitbucket bearerToken without tokenRef', entry: { pullRequest: { bitbucket: { owner: 'o', repo: 'r', bearerToken: {} } } }, path: 'g.pullRequest.bitbucket.bearerToken.tokenRef', message: /expected object/ },
    { name: 'PR azuredevops without project', entry: { pullRequest: { azuredevops: { organization: 'o', repo: 'r' } } }, path: 'g.pullRequest.azuredevops.project', message: /expected string/ },
    { name: 'PR tokenRef without key', entry: { pullRequest: { github: { owner: 'o', repo: 'r', tokenRef: { secretName: 's' } } } }, path: 'g.pullRequest.github.tokenRef.key', message: /expected string/ },
    { name: 'PR two providers', entry: { pullRequest: { github: { owner: 'o', repo: 'r' }, gitlab: { project: 'p' } } }, path: 'g.pullRequest', message: /exactly one provider.*github, gitlab/ },
    { name: 'PR filter pattern not a string', entry: { pullRequest: { github: { owner: 'o', repo: 'r' }, filters: [{ branchMatch: 1 }] } }, path: 'g.pullRequest.filters[0].branchMatch', message: /expected string/ },
    { name: 'PR requeueAfterSeconds negative', entry: { pullRequest: { github: { owner: 'o', repo: 'r' }, requeueAfterSeconds: -1 } }, path: 'g.pullRequest.requeueAfterSeconds', message: /expected number to be >=0/ },
    { name: 'SCM github without organization', entry: { scmProvider: { github: {} } }, path: 'g.scmProvider.github.organization', message: /expected string/ },
    { name: 'SCM gitlab includeSubgroups not a boolean', entry: { scmProvider: { gitlab: { group: 'g', includeSubgroups: 'yes' } } }, path: 'g.scmProvider.gitlab.includeSubgroups', message: /expected boolean/ },
    { name: 'SCM gitea without api', entry: { scmProvider: { gitea: { owner: 'o' } } }, path: 'g.scmProvider.gitea.api', message: /expected string/ },
    { name: 'SCM bitbucket without appPasswordRef', entry: { scmProvider: { bitbucket: { owner: 'o', user: 'u' } } }, path: 'g.scmProvider.bitbucket.appPasswordRef', message: /expected object/ },
    { name: 'SCM bitbucketServer without project', entry: { scmProvider: { bitbucketServer: { api: 'a' } } }, path: 'g.scmProvider.bitbucketServer.project', message: /expected string/ },
    { name: 'SCM azureDevOps without teamProject', entry: { scmProvider: { azureDevOps: { organization: 'o', accessTokenRef: secret } } }, path: 'g.scmProvider.azureDevOps.teamProject', message: /expected string/ },
    { name: 'SCM pathsExist not a list', entry: { scmProvider: { github: { organization: 'o' }, filters: [{ pathsExist: 'x' }] } }, path: 'g.scmProvider.filters[0].pathsExist', message: /expected array/ },
  ];
  it.each(invalid)('refuses $name', ({ entry, path, message }) => {
    const issues = registry.validateEntry(entry, 'g', 0);
    expect(issues.map((issue) => issue.path)).toContain(path);
    expect(issues.find((issue) => issue.path === path)?.message).toMatch(message);
  });
});
