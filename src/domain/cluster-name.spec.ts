import { describe, expect, it } from 'vitest';
import { normalizeClusterName } from './cluster-name';

describe('normalizeClusterName', () => {
  const rows: { name: string; input: string; want: string }[] = [
    { name: 'already valid', input: 'prod-eu.1', want: 'prod-eu.1' },
    { name: 'underscores become dashes', input: 'my_cluster', want: 'my-cluster' },
    { name: 'lower-cased', input: 'Prod-EU', want: 'prod-eu' },
    { name: 'spaces and symbols', input: 'team a/cluster:1', want: 'team-a-cluster-1' },
    { name: 'leading and trailing dashes and dots trimmed', input: '_-.prod.-_', want: 'prod' },
    { name: 'non-ASCII letter is one dash', input: 'zürich', want: 'z-rich' },
    { name: 'cut to 253 characters before trimming', input: `${'a'.repeat(252)}_b`, want: 'a'.repeat(252) },
    { name: 'only invalid characters', input: '___', want: '' },
  ];
  it.each(rows)('$name', ({ input, want }) => {
    expect(normalizeClusterName(input)).toBe(want);
  });
});
