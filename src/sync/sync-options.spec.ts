import { describe, expect, it } from 'vitest';
import { parseSyncOptions, pruneDisabledOn, type SyncOptions } from './sync-options';

describe('parseSyncOptions', () => {
  const rows: { name: string; options: string[]; expected: SyncOptions }[] = [
    { name: 'defaults', options: [], expected: { createNamespace: false, pruneLast: false, propagationPolicy: 'Foreground', respectIgnoreDifferences: false } },
    {
      name: 'all set',
      options: ['CreateNamespace=true', 'PruneLast=true', 'PrunePropagationPolicy=orphan', 'ServerSideApply=true'],
      expected: { createNamespace: true, pruneLast: true, propagationPolicy: 'Orphan', respectIgnoreDifferences: false },
    },
    { name: 'background, case-insensitive values', options: ['PrunePropagationPolicy=Background', 'CreateNamespace=TRUE'], expected: { createNamespace: true, pruneLast: false, propagationPolicy: 'Background', respectIgnoreDifferences: false } },
    {
      name: 'RespectIgnoreDifferences',
      options: ['RespectIgnoreDifferences=true'],
      expected: { createNamespace: false, pruneLast: false, propagationPolicy: 'Foreground', respectIgnoreDifferences: true },
    },
    { name: 'explicit false', options: ['CreateNamespace=false', 'PruneLast=false'], expected: { createNamespace: false, pruneLast: false, propagationPolicy: 'Foreground', respectIgnoreDifferences: false } },
    { name: 'unknown policy falls back to foreground', options: ['PrunePropagationPolicy=cascade'], expected: { createNamespace: false, pruneLast: false, propagationPolicy: 'Foreground', respectIgnoreDifferences: false } },
    { name: 'malformed entries are ignored', options: ['CreateNamespace', '=true', 'Validate=false'], expected: { createNamespace: false, pruneLast: false, propagationPolicy: 'Foreground', respectIgnoreDifferences: false } },
  ];
  it.each(rows)('$name', ({ options, expected }) => {
    expect(parseSyncOptions(options)).toEqual(expected);
  });
});

describe('pruneDisabledOn', () => {
  const rows: { name: string; annotations?: Record<string, string>; disabled: boolean }[] = [
    { name: 'no annotations', disabled: false },
    { name: 'Prune=false', annotations: { 'argocd.argoproj.io/sync-options': 'Prune=false' }, disabled: true },
    { name: 'among other options', annotations: { 'argocd.argoproj.io/sync-options': 'Replace=true, Prune=false' }, disabled: true },
    { name: 'other options only', annotations: { 'argocd.argoproj.io/sync-options': 'Replace=true' }, disabled: false },
  ];
  it.each(rows)('$name', ({ annotations, disabled }) => {
    expect(pruneDisabledOn(annotations)).toBe(disabled);
  });
});
