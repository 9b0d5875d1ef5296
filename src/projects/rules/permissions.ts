import { globMatch } from './glob';
import { normalizeGitUrl } from './git-url';
import type { AppProject, DestinationToCheck, GroupKind, ResourceToCheck } from '../../domain/app-project';

/*
 * Argo CD AppProject permission rules. For sources and destinations a target is permitted when ANY allow
 * rule matches it AND NO deny rule (a pattern prefixed with `!`) rejects it — deny always wins.
 */

export function isDenyPattern(pattern: string | undefined): boolean {
  return pattern !== undefined && pattern.startsWith('!');
}

// For a deny pattern the result is "the value is NOT the denied one"; a deny rule rejects when this is false.
function matchWithNegation(pattern: string | undefined, value: string, separator?: string): boolean {
  const glob = pattern ?? '';
  if (isDenyPattern(glob)) return !globMatch(glob.slice(1), value, separator);
  return globMatch(glob, value, separator);
}

/** Repository globs treat `/` as a separator: `https://github.com/org/*` does not match `.../org/a/b`. */
export function isSourceRepoPermitted(project: AppProject, repoURL: string): boolean {
  const source = normalizeGitUrl(repoURL);
  let allowed = false;
  for (const rule of project.spec.sourceRepos ?? []) {
    const pattern = isDenyPattern(rule) ? `!${normalizeGitUrl(rule.slice(1))}` : normalizeGitUrl(rule);
    const matched = matchWithNegation(pattern, source, '/');
    if (isDenyPattern(pattern)) {
      if (!matched) return false;
    } else if (matched) {
      allowed = true;
    }
  }
  return allowed;
}

/**
 * Pass the resolved destination (server URL and cluster name both filled where known): a rule matches when its
 * server or its name matches, and its namespace matches. A rule whose deny field rejects the destination denies it.
 */
export function isDestinationPermitted(project: AppProject, destination: DestinationToCheck): boolean {
  const namespace = destination.namespace ?? '';
  let allowed = false;
  for (const rule of project.spec.destinations ?? []) {
    const nameMatched = !!destination.name && matchWithNegation(rule.name, destination.name);
    const serverMatched = !!destination.server && matchWithNegation(rule.server, destination.server);
    const namespaceMatched = matchWithNegation(rule.namespace, namespace);
    if ((serverMatched || nameMatched) && namespaceMatched) {
      allowed = true;
      continue;
    }
    // As in Argo CD, a deny field also rejects a destination that lacks that field (e.g. no cluster name).
    const denied =
      (!nameMatched && isDenyPattern(rule.name)) ||
      (!serverMatched && isDenyPattern(rule.server)) ||
      (!namespaceMatched && isDenyPattern(rule.namespace));
    if (denied) return false;
  }
  return allowed;
}

function inList(resource: GroupKind, list: GroupKind[]): boolean {
  return list.some((item) => globMatch(item.group, resource.group) && globMatch(item.kind, resource.kind));
}

/**
 * Cluster-scoped kinds need an allow-list entry; namespaced kinds are allowed unless a namespace allow-list is
 * present and misses them. A deny-list entry always wins.
 */
export function isResourcePermitted(project: AppProject, resource: ResourceToCheck): boolean {
  const spec = project.spec;
  if (resource.namespaced) {
    const whitelist = spec.namespaceResourceWhitelist;
    const whitelisted = whitelist === undefined || inList(resource, whitelist);
    return whitelisted && !inList(resource, spec.namespaceResourceBlacklist ?? []);
  }
  const whitelisted = inList(resource, spec.clusterResourceWhitelist ?? []);
  return whitelisted && !inList(resource, spec.clusterResourceBlacklist ?? []);
}
