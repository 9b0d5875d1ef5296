import { z } from 'zod';
import { formatIssuePath } from '../../../projects/rules';
import type { FieldIssue } from '../types';

/** Field-path issues of a zod schema applied to one generator's configuration. */
export function schemaIssues(schema: z.ZodType, config: unknown, path: string): FieldIssue[] {
  const result = schema.safeParse(config);
  if (result.success) return [];
  return result.error.issues.map((issue) => {
    const suffix = formatIssuePath(issue.path);
    const joined = suffix === '' ? path : suffix.startsWith('[') ? `${path}${suffix}` : `${path}.${suffix}`;
    return { path: joined, message: issue.message };
  });
}

/** A generator-level `template` override: an object whose strings are rendered like the set's template. */
export const templateOverrideSchema = z.looseObject({
  metadata: z.record(z.string(), z.unknown()).optional(),
  spec: z.record(z.string(), z.unknown()).optional(),
});

/** The `metav1.LabelSelector` shape; values are checked when the selector is used. */
export const labelSelectorSchema = z.object({
  matchLabels: z.record(z.string(), z.string()).nullish(),
  matchExpressions: z
    .array(z.object({ key: z.string(), operator: z.string(), values: z.array(z.string()).nullish() }))
    .nullish(),
});
