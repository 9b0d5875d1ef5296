import { describe, expect, it } from 'vitest';
import { formatLabelSelector, fromLabelSelector, parseLabelSelector, type LabelSelectorObject } from './index';

describe('formatLabelSelector', () => {
  const rows: { name: string; selector: LabelSelectorObject; want: string }[] = [
    { name: 'nothing selects everything', selector: {}, want: '' },
    { name: 'matchLabels', selector: { matchLabels: { 'cluster.open-cluster-management.io/placement': 'petstore' } }, want: 'cluster.open-cluster-management.io/placement in (petstore)' },
    {
      name: 'every operator, sorted by key, values sorted',
      selector: {
        matchLabels: { zone: 'eu' },
        matchExpressions: [
          { key: 'env', operator: 'In', values: ['staging', 'production'] },
          { key: 'tier', operator: 'NotIn', values: ['db'] },
          { key: 'app', operator: 'Exists' },
          { key: 'legacy', operator: 'DoesNotExist' },
        ],
      },
      want: 'app,env in (production,staging),!legacy,tier notin (db),zone in (eu)',
    },
  ];
  it.each(rows)('$name', ({ selector, want }) => {
    expect(formatLabelSelector(fromLabelSelector(selector))).toBe(want);
  });

  it('reads back as the same requirements', () => {
    const requirements = fromLabelSelector({ matchLabels: { a: 'b', c: '' }, matchExpressions: [{ key: 'd', operator: 'NotIn', values: ['x', 'y'] }, { key: 'e', operator: 'DoesNotExist' }] });
    const sortByKey = (list: typeof requirements) => [...list].sort((x, y) => x.key.localeCompare(y.key));
    expect(sortByKey(parseLabelSelector(formatLabelSelector(requirements)))).toEqual(sortByKey(requirements));
  });
});
