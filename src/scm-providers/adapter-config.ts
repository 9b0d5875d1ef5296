/**
 * Reading a provider block as written in a manifest. The generator's schema has already checked the types, so
 * these only pick fields out; an absent or empty field reads as Argo CD's Go zero value ('' / false / []).
 */
export function textField(config: Record<string, unknown>, name: string): string {
  const value = config[name];
  return typeof value === 'string' ? value : '';
}

export function flagField(config: Record<string, unknown>, name: string): boolean {
  return config[name] === true;
}

export function textListField(config: Record<string, unknown>, name: string): string[] {
  const value = config[name];
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

export function objectField(config: Record<string, unknown>, name: string): Record<string, unknown> | undefined {
  const value = config[name];
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

/** Whether `config[name]` is set (a secret reference, a nested block). */
export function isSet(config: Record<string, unknown> | undefined, name: string): boolean {
  return config?.[name] !== undefined && config[name] !== null;
}

/** `api` as written, or the provider's public API when blank; without trailing slashes so paths join cleanly. */
export function apiBaseOr(config: Record<string, unknown>, fallback: string): string {
  const written = textField(config, 'api').trim();
  return (written === '' ? fallback : written).replace(/\/+$/, '');
}

/** Path segments are encoded one by one: a name with `/`, `?` or `#` must not change which resource is asked for. */
export function pathOf(...segments: string[]): string {
  return segments.map((segment) => encodeURIComponent(segment)).join('/');
}

/** A repository-relative file path: each segment encoded, the slashes between them kept. */
export function filePath(path: string): string {
  return path
    .split('/')
    .filter((segment) => segment !== '')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
