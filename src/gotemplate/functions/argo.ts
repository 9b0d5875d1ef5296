import { parseAllDocuments } from 'yaml';
import { isMap, type GoValue } from '../value';
import { boolArg, buildFunctions, fail, intArg, stringArg } from './args';
import { marshalYaml } from './yaml-emit';

/**
 * The functions Argo CD adds to (or replaces in) sprig's map for ApplicationSet templates: normalize and slugify
 * (applicationset/utils), and Helm-style toYaml/fromYaml/fromYamlArray built on sigs.k8s.io/yaml. There is no toToml
 * in Argo CD's map (it is Helm's), so there is none here.
 */

/** SanitizeName: lower-case, anything outside [-a-z0-9.] becomes "-", at most 253 bytes, no leading/trailing "-" or ".". */
export function normalize(name: string): string {
  const replaced = [...name.toLowerCase()].map((char) => (/[-a-z0-9.]/.test(char) ? char : '-')).join('');
  return Buffer.from(replaced, 'utf8').subarray(0, 253).toString('utf8').replace(/^[-.]+|[-.]+$/g, '');
}

/**
 * SlugifyName(maxSize = 50, smartTruncate = true, name): normalize, then gosimple/slug with that MaxLength. Smart
 * truncation cuts at the last "-" at or before maxSize; without it the slug is cut at maxSize and trailing "-" trimmed.
 */
export function slugify(args: GoValue[]): string {
  if (args.length === 0) return '';
  const name = stringArg(args[args.length - 1]);
  const maxSize = args.length >= 2 ? intArg(args[0]) : 50;
  const smartTruncate = args.length >= 3 ? boolArg(args[1]) : true;
  let slug = normalize(name);
  if (maxSize < 0) fail(`runtime error: slice bounds out of range [:${maxSize}]`);
  if (!smartTruncate && slug.length >= maxSize) slug = slug.slice(0, maxSize);
  slug = slug.replace(/[^a-zA-Z0-9_-]/g, '-').replace(/-+/g, '-').replace(/^[-_]+|[-_]+$/g, '');
  if (smartTruncate && maxSize > 0 && slug.length > maxSize) {
    const cut = slug.lastIndexOf('-', maxSize);
    slug = cut >= 0 ? slug.slice(0, cut) : slug.slice(0, maxSize);
  }
  return slug;
}

/**
 * sigs.k8s.io/yaml.Unmarshal into a Go value: YAML 1.1 scalars as go-yaml v2 reads them (yes/on are booleans, 0777 is
 * octal; no base-60 numbers, timestamps stay strings), then through JSON, so every number is a float64. Only the first
 * document counts; duplicate keys keep the last value.
 */
function parseYaml(text: string): GoValue {
  const [document] = parseAllDocuments(text, {
    version: '1.1',
    merge: true,
    uniqueKeys: false,
    customTags: (tags) => tags.filter((tag) => typeof tag === 'string' || (tag.tag !== 'tag:yaml.org,2002:timestamp' && tag.format !== 'TIME')),
  });
  if (!document) return null;
  if ('errors' in document && document.errors.length > 0) fail(`error converting YAML to JSON: ${document.errors[0].message}`);
  const toGo = (value: unknown): GoValue => {
    if (typeof value === 'bigint') return Number(value);
    if (Array.isArray(value)) return value.map(toGo);
    if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
    if (value instanceof Set) return Object.fromEntries([...value].map((key) => [String(key), null]));
    if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toGo(v)]));
    if (typeof value === 'number' && !Number.isFinite(value)) fail(`error converting YAML to JSON: json: unsupported value: ${value}`);
    return value as GoValue;
  };
  return toGo(document.toJS({ maxAliasCount: 1000 }));
}

function fromYaml(text: string): GoValue {
  const value = parseYaml(text);
  if (value === null || value === undefined) return {};
  if (!isMap(value)) fail(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(value) ? 'array' : typeof value} into Go value of type map[string]interface {}`);
  return value;
}

function fromYamlArray(text: string): GoValue {
  const value = parseYaml(text);
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value)) fail(`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${isMap(value) ? 'object' : typeof value} into Go value of type []interface {}`);
  return value;
}

export const argoFunctions = buildFunctions({
  normalize: [1, 1, (v) => normalize(stringArg(v))],
  slugify: [0, undefined, (...args) => slugify(args)],
  // Helm's toYAML as Argo CD copied it: the final newline trimmed, errors fail the template.
  toYaml: [1, 1, (v) => marshalYaml(v).replace(/\n$/, '')],
  fromYaml: [1, 1, (v) => fromYaml(stringArg(v))],
  fromYamlArray: [1, 1, (v) => fromYamlArray(stringArg(v))],
});
