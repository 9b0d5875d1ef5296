import type { WhereExpressionBuilder } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';

/**
 * One label-selector requirement as a predicate on a jsonb column of string labels (`labels` unless `column`
 * names another), with Kubernetes semantics (NotIn and != also match rows without the label). In is written as
 * containment (`@>`), which a GIN index on the column serves.
 */
export function addLabelRequirement(where: WhereExpressionBuilder, alias: string, requirement: SelectorRequirement, index: number, column = 'labels'): void {
  const key = `k${index}`;
  const values = `v${index}`;
  const params = { [key]: requirement.key, [values]: requirement.values };
  const labels = `${alias}.${column}`;
  switch (requirement.operator) {
    case 'In':
      requirement.values.forEach((value, position) => {
        const name = `${values}_${position}`;
        where.orWhere(`${labels} @> CAST(:${name} AS jsonb)`, { [name]: JSON.stringify({ [requirement.key]: value }) });
      });
      return;
    case 'NotIn':
      where.where(`${labels} -> :${key} IS NULL`, params).orWhere(`${labels} ->> :${key} NOT IN (:...${values})`, params);
      return;
    case 'Exists':
      where.where(`${labels} -> :${key} IS NOT NULL`, params);
      return;
    case 'DoesNotExist':
      where.where(`${labels} -> :${key} IS NULL`, params);
      return;
  }
}
