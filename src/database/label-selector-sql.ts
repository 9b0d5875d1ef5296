import { Brackets, type WhereExpressionBuilder } from 'typeorm';
import type { SelectorRequirement } from '../common/label-selector';

/**
 * A label selector as WHERE conditions on a jsonb column of string labels (`c.labels`), with Kubernetes semantics
 * (NotIn and != also match rows without the label). The equalities (`a=b`, `a in (b)`) become one containment test
 * (`@>`): a GIN index on the column serves it, and PostgreSQL estimates the combination as a whole. Tested label by
 * label, their selectivities would be multiplied as if independent, and a combination that no row has would look
 * common enough to scan for in time order, through every row.
 */
export function whereLabelsMatch(query: WhereExpressionBuilder, column: string, selector: readonly SelectorRequirement[]): void {
  const equalities: Record<string, string> = {};
  selector.forEach((requirement, index) => {
    if (requirement.operator === 'In' && requirement.values.length === 1 && !(requirement.key in equalities)) {
      equalities[requirement.key] = requirement.values[0];
      return;
    }
    query.andWhere(new Brackets((where) => addRequirement(where, column, requirement, `label${index}`)));
  });
  if (Object.keys(equalities).length > 0) query.andWhere(`${column} @> CAST(:labelEqualities AS jsonb)`, { labelEqualities: JSON.stringify(equalities) });
}

function addRequirement(where: WhereExpressionBuilder, column: string, requirement: SelectorRequirement, name: string): void {
  const params = { [`${name}Key`]: requirement.key, [`${name}Values`]: requirement.values };
  switch (requirement.operator) {
    case 'In':
      requirement.values.forEach((value, position) => {
        where.orWhere(`${column} @> CAST(:${name}_${position} AS jsonb)`, { [`${name}_${position}`]: JSON.stringify({ [requirement.key]: value }) });
      });
      return;
    case 'NotIn':
      where.where(`${column} -> :${name}Key IS NULL`, params).orWhere(`${column} ->> :${name}Key NOT IN (:...${name}Values)`, params);
      return;
    case 'Exists':
      where.where(`${column} -> :${name}Key IS NOT NULL`, params);
      return;
    case 'DoesNotExist':
      where.where(`${column} -> :${name}Key IS NULL`, params);
      return;
  }
}
