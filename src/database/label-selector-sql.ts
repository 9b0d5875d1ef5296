import type { WhereExpressionBuilder } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';

/**
 * One label-selector requirement as a predicate on a `labels` jsonb column, with Kubernetes semantics
 * (NotIn and != also match rows without the label).
 */
export function addLabelRequirement(where: WhereExpressionBuilder, alias: string, requirement: SelectorRequirement, index: number): void {
  const key = `k${index}`;
  const values = `v${index}`;
  const params = { [key]: requirement.key, [values]: requirement.values };
  const column = `${alias}.labels`;
  switch (requirement.operator) {
    case 'In':
      where.where(`${column} ->> :${key} IN (:...${values})`, params);
      return;
    case 'NotIn':
      where.where(`${column} -> :${key} IS NULL`, params).orWhere(`${column} ->> :${key} NOT IN (:...${values})`, params);
      return;
    case 'Exists':
      where.where(`${column} -> :${key} IS NOT NULL`, params);
      return;
    case 'DoesNotExist':
      where.where(`${column} -> :${key} IS NULL`, params);
      return;
  }
}
