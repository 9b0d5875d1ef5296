/** One line of policy, as Argo CD's CSV writes it: a permission (`p`) or a role assignment (`g`). */
export type PolicyRule = PermissionRule | RoleAssignment;

/** `p, <subject>, <resource>, <action>, <object>, allow|deny` */
export interface PermissionRule {
  kind: 'p';
  subject: string;
  resource: string;
  action: string;
  object: string;
  effect: 'allow' | 'deny';
}

/** `g, <subject>, <role>`: the subject (a user, group or role) holds the role and all it may do. */
export interface RoleAssignment {
  kind: 'g';
  subject: string;
  role: string;
}

/**
 * The fields of one CSV line as Go's encoding/csv reads them with TrimLeadingSpace (Argo CD's reader): split on
 * commas, `"..."` quotes a field (`""` is a quote inside it). Fields are trimmed on both sides, as casbin trims them.
 * undefined when a quote is not closed.
 */
export function csvFields(line: string): string[] | undefined {
  const fields: string[] = [];
  let index = 0;
  for (;;) {
    while (line[index] === ' ' || line[index] === '\t') index++;
    let field = '';
    if (line[index] === '"') {
      index++;
      for (;;) {
        if (index >= line.length) return undefined;
        if (line[index] === '"') {
          if (line[index + 1] === '"') {
            field += '"';
            index += 2;
            continue;
          }
          index++;
          break;
        }
        field += line[index++];
      }
      const comma = line.indexOf(',', index);
      field += line.slice(index, comma < 0 ? line.length : comma);
      index = comma < 0 ? line.length : comma;
    } else {
      const comma = line.indexOf(',', index);
      field = line.slice(index, comma < 0 ? line.length : comma);
      index = comma < 0 ? line.length : comma;
    }
    fields.push(field.trim());
    if (index >= line.length) return fields;
    index++; // past the comma
  }
}

/** A line as policy: the rule, or why it is not one (field count, empty field, effect). Patterns are not checked. */
export function ruleOfFields(fields: readonly string[]): { rule: PolicyRule } | { reason: string } {
  const [kind] = fields;
  if (kind === 'p') {
    if (fields.length !== 6) return { reason: `a p line has 6 fields (p, subject, resource, action, object, effect), this one has ${fields.length}` };
    const [, subject, resource, action, object, effect] = fields;
    const empty = (['subject', 'resource', 'action', 'object'] as const).find((_, i) => fields[i + 1] === '');
    if (empty) return { reason: `the ${empty} is empty` };
    if (effect !== 'allow' && effect !== 'deny') return { reason: `the effect is allow or deny, not "${effect}"` };
    return { rule: { kind, subject, resource, action, object, effect } };
  }
  if (kind === 'g') {
    if (fields.length !== 3) return { reason: `a g line has 3 fields (g, subject, role), this one has ${fields.length}` };
    const [, subject, role] = fields;
    if (subject === '' || role === '') return { reason: `the ${subject === '' ? 'subject' : 'role'} is empty` };
    if (subject === role) return { reason: 'a subject cannot be its own role' };
    return { rule: { kind, subject, role } };
  }
  return { reason: 'a line starts with p (a permission) or g (a role assignment)' };
}
