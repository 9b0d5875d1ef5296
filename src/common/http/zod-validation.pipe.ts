import type { PipeTransform } from '@nestjs/common';
import type { z } from 'zod';
import { validationFailed } from '../errors/domain-error';
import type { ErrorDetail } from '../errors/error-codes';

/** Turns zod issues into `{ field, reason }` rows; unknown keys get one row each. */
export function zodIssuesToDetails(issues: z.core.$ZodIssue[]): ErrorDetail[] {
  const details: ErrorDetail[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) details.push({ field: base ? `${base}.${key}` : key, reason: 'unknown field' });
    } else {
      details.push({ field: base || '(body)', reason: issue.message });
    }
  }
  return details;
}

export function parseWith<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw validationFailed(zodIssuesToDetails(result.error.issues));
  return result.data;
}

/** Validates a request part against a zod schema; nothing reaches the service unvalidated. */
export class ZodValidationPipe<T extends z.ZodType> implements PipeTransform<unknown, z.infer<T>> {
  constructor(private readonly schema: T) {}

  transform(value: unknown): z.infer<T> {
    return parseWith(this.schema, value);
  }
}
