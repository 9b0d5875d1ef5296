import { isTemplated, scanTemplate, type TemplatePiece } from './fasttemplate-scan';

/*
 * The shape of a JSON-like template value, computed once: which strings need rendering (slots, numbered in walk
 * order) and which values are constant. Rendering an Application then walks this plan instead of re-inspecting
 * the template, and all slots can be rendered in one handlebars call.
 */

export type PlanNode =
  | { kind: 'constant'; value: unknown }
  | { kind: 'slot'; index: number }
  | { kind: 'array'; items: PlanNode[] }
  | { kind: 'object'; keys: string[]; values: PlanNode[] };

export interface ValuePlan {
  root: PlanNode;
  /** The scanned pieces of each slot's string, by slot index. */
  slots: TemplatePiece[][];
  /** The field path of each slot, for error messages. */
  paths: string[];
}

/** Throws `UnclosedTagError` from `scanTemplate`; `onError` names the path of the string that failed. */
export function planValue(value: unknown, path: string, onError: (path: string, error: unknown) => never): ValuePlan {
  const slots: TemplatePiece[][] = [];
  const paths: string[] = [];
  const walk = (item: unknown, itemPath: string): PlanNode => {
    if (typeof item === 'string') {
      if (!isTemplated(item)) return { kind: 'constant', value: item };
      try {
        slots.push(scanTemplate(item));
      } catch (error) {
        onError(itemPath, error);
      }
      paths.push(itemPath);
      return { kind: 'slot', index: slots.length - 1 };
    }
    if (Array.isArray(item)) return { kind: 'array', items: item.map((entry, index) => walk(entry, `${itemPath}[${index}]`)) };
    if (item !== null && typeof item === 'object') {
      const keys = Object.keys(item);
      return { kind: 'object', keys, values: keys.map((key) => walk((item as Record<string, unknown>)[key], `${itemPath}.${key}`)) };
    }
    return { kind: 'constant', value: item };
  };
  return { root: walk(value, path), slots, paths };
}

/** Builds a fresh value from the plan, taking each slot's rendered string from `rendered`. */
export function buildValue(node: PlanNode, rendered: string[]): unknown {
  switch (node.kind) {
    case 'constant':
      return node.value;
    case 'slot':
      return rendered[node.index];
    case 'array':
      return node.items.map((item) => buildValue(item, rendered));
    case 'object': {
      const out: Record<string, unknown> = {};
      for (let i = 0; i < node.keys.length; i++) out[node.keys[i]] = buildValue(node.values[i], rendered);
      return out;
    }
  }
}
