import { invalidFieldError, OdooServerError, pythonRepr } from './errors.js';
import type { FieldDefinition } from './field-definitions.js';
import { asText } from './value-encoding.js';

/** What domain evaluation needs to know about the database. */
export interface DomainSource {
  /** The field definition, or undefined when the model has no such field. */
  field(model: string, name: string): FieldDefinition | undefined;
  /** The value of a field of one record as stored (many2one: id or false; x2many: id list). */
  value(model: string, id: number, name: string): unknown;
  /** Ids of every record of a model, archived ones included (for `child_of`). */
  allIds(model: string): number[];
}

type Node =
  | { readonly kind: 'and' | 'or'; readonly children: readonly Node[] }
  | { readonly kind: 'not'; readonly child: Node }
  | {
      readonly kind: 'leaf';
      readonly path: string;
      readonly operator: string;
      readonly value: unknown;
    }
  | { readonly kind: 'constant'; readonly result: boolean };

const OPERATORS = new Set([
  '=',
  '!=',
  '<>',
  '>',
  '>=',
  '<',
  '<=',
  'in',
  'not in',
  'like',
  'not like',
  'ilike',
  'not ilike',
  '=like',
  '=ilike',
  '=?',
  'child_of',
  'parent_of',
]);

/**
 * Parses a domain in Odoo's prefix notation: `&`, `|` take two terms, `!` one, and consecutive terms
 * are joined by an implicit `&`.
 */
export function parseDomain(domain: unknown): Node {
  if (!Array.isArray(domain))
    throw new OdooServerError('builtins.ValueError', `Invalid domain: ${pythonRepr(domain)}`);
  let position = 0;
  const parseTerm = (): Node => {
    const term: unknown = domain[position];
    position += 1;
    if (term === '&' || term === '|') {
      const left = parseTerm();
      const right = parseTerm();
      return { kind: term === '&' ? 'and' : 'or', children: [left, right] };
    }
    if (term === '!') return { kind: 'not', child: parseTerm() };
    if (Array.isArray(term) && term.length === 3) {
      const [path, operator, value] = term as [unknown, unknown, unknown];
      if ((path === 1 || path === 0) && operator === '=' && value === 1)
        return { kind: 'constant', result: path === 1 };
      if (
        typeof path === 'string' &&
        typeof operator === 'string' &&
        OPERATORS.has(operator.toLowerCase())
      ) {
        return { kind: 'leaf', path, operator: operator.toLowerCase(), value };
      }
    }
    throw new OdooServerError('builtins.ValueError', `Invalid leaf ${pythonRepr(term)}`);
  };
  const terms: Node[] = [];
  while (position < domain.length) terms.push(parseTerm());
  if (terms.length === 0) return { kind: 'constant', result: true };
  return terms.length === 1 ? (terms[0] as Node) : { kind: 'and', children: terms };
}

/** True when a domain has a leaf on `field` (so `active_test` adds no implicit `active = True`). */
export function domainMentions(domain: unknown, field: string): boolean {
  if (!Array.isArray(domain)) return false;
  return domain.some(
    (term) => Array.isArray(term) && typeof term[0] === 'string' && term[0].split('.')[0] === field,
  );
}

/** Checks every leaf's field exists, raising Odoo's ValueError for an unknown one. */
export function validateDomain(model: string, node: Node, source: DomainSource): void {
  switch (node.kind) {
    case 'and':
    case 'or':
      for (const child of node.children) validateDomain(model, child, source);
      return;
    case 'not':
      validateDomain(model, node.child, source);
      return;
    case 'constant':
      return;
    case 'leaf': {
      let current = model;
      for (const name of node.path.split('.')) {
        const definition = source.field(current, name);
        if (definition === undefined) throw invalidFieldError(current, name);
        current = definition.relation ?? current;
      }
    }
  }
}

/** Evaluates a parsed domain against one record. */
export function matchesDomain(
  model: string,
  id: number,
  node: Node,
  source: DomainSource,
): boolean {
  switch (node.kind) {
    case 'and':
      return node.children.every((child) => matchesDomain(model, id, child, source));
    case 'or':
      return node.children.some((child) => matchesDomain(model, id, child, source));
    case 'not':
      return !matchesDomain(model, id, node.child, source);
    case 'constant':
      return node.result;
    case 'leaf':
      return matchesLeaf(model, id, node.path, node.operator, node.value, source);
  }
}

function matchesLeaf(
  model: string,
  id: number,
  path: string,
  operator: string,
  expected: unknown,
  source: DomainSource,
): boolean {
  if (operator === '=?') {
    if (expected === false || expected === null || expected === undefined) return true;
    return matchesLeaf(model, id, path, '=', expected, source);
  }
  const [head, ...rest] = path.split('.');
  const definition = head === undefined ? undefined : source.field(model, head);
  if (head === undefined || definition === undefined) throw invalidFieldError(model, String(head));
  const raw = source.value(model, id, head);
  if (rest.length > 0 && definition.relation !== undefined) {
    const related = toIds(raw);
    const relation = definition.relation;
    const subPath = rest.join('.');
    const negative = operator === '!=' || operator === 'not in' || operator.startsWith('not ');
    if (related.length === 0) return negative;
    // Odoo resolves `a.b op v` as `a in (search b op v)`: any related record may match.
    return related.some((relatedId) =>
      matchesLeaf(relation, relatedId, subPath, operator, expected, source),
    );
  }
  if (operator === 'child_of' || operator === 'parent_of') {
    return matchesHierarchy(model, id, operator, expected, source);
  }
  const relational =
    definition.type === 'many2one' ||
    definition.type === 'one2many' ||
    definition.type === 'many2many';
  if (relational) return matchesRelational(toIds(raw), operator, expected);
  return matchesScalar(raw, operator, expected);
}

function matchesRelational(
  values: readonly number[],
  operator: string,
  expected: unknown,
): boolean {
  const wanted = expectedIds(expected);
  switch (operator) {
    case '=':
    case 'in':
      if (wanted === 'empty') return values.length === 0;
      return values.some((value) => wanted.includes(value));
    case '!=':
    case '<>':
    case 'not in':
      if (wanted === 'empty') return values.length > 0;
      return !values.some((value) => wanted.includes(value));
    default:
      // Comparing a relation with `like`/`<`... is rare in integrations: compare the ids.
      return values.some((value) => matchesScalar(value, operator, expected));
  }
}

function expectedIds(expected: unknown): number[] | 'empty' {
  if (expected === false || expected === null) return 'empty';
  if (Array.isArray(expected))
    return expected.filter((item): item is number => typeof item === 'number');
  if (typeof expected === 'number') return [expected];
  return [];
}

function matchesScalar(value: unknown, operator: string, expected: unknown): boolean {
  const empty = value === false || value === null || value === undefined;
  switch (operator) {
    case '=':
      if (expected === false || expected === null) return empty || value === false;
      return !empty && looseEqual(value, expected);
    case '!=':
    case '<>':
      if (expected === false || expected === null) return !empty && value !== false;
      return empty || !looseEqual(value, expected);
    case 'in': {
      const list = Array.isArray(expected) ? expected : [expected];
      return list.some(
        (item) =>
          ((item === false || item === null) && empty) || (!empty && looseEqual(value, item)),
      );
    }
    case 'not in': {
      const list = Array.isArray(expected) ? expected : [expected];
      return !list.some(
        (item) =>
          ((item === false || item === null) && empty) || (!empty && looseEqual(value, item)),
      );
    }
    case '>':
    case '>=':
    case '<':
    case '<=': {
      // SQL comparisons with NULL are never true.
      if (empty || expected === false || expected === null) return false;
      const order = compareScalars(value, expected);
      if (operator === '>') return order > 0;
      if (operator === '>=') return order >= 0;
      if (operator === '<') return order < 0;
      return order <= 0;
    }
    case 'like':
    case 'ilike':
    case 'not like':
    case 'not ilike': {
      const insensitive = operator.includes('ilike');
      const negative = operator.startsWith('not');
      if (empty) return negative;
      const haystack = insensitive ? asText(value).toLowerCase() : asText(value);
      const needle = insensitive ? asText(expected).toLowerCase() : asText(expected);
      const found = likePattern(`%${needle}%`).test(haystack);
      return negative ? !found : found;
    }
    case '=like':
    case '=ilike': {
      if (empty) return false;
      const insensitive = operator === '=ilike';
      const haystack = insensitive ? asText(value).toLowerCase() : asText(value);
      const needle = insensitive ? asText(expected).toLowerCase() : asText(expected);
      return likePattern(needle).test(haystack);
    }
    default:
      throw new OdooServerError('builtins.ValueError', `Invalid operator ${pythonRepr(operator)}`);
  }
}

function likePattern(pattern: string): RegExp {
  const escaped = pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  return new RegExp(`^${escaped}$`, 's');
}

function looseEqual(value: unknown, expected: unknown): boolean {
  if (
    typeof value === 'string' &&
    typeof expected === 'string' &&
    /^\d{4}-\d{2}-\d{2} /.test(value)
  ) {
    return value.slice(0, 19) === expected.slice(0, 19);
  }
  // Selection keys are strings; Odoo accepts `priority = 1` and `priority = '1'` alike through SQL casts.
  if (typeof value === 'string' && typeof expected === 'number') return value === String(expected);
  return value === expected;
}

/** Orders two non-empty scalars the way PostgreSQL would for these column types. */
export function compareScalars(left: unknown, right: unknown): number {
  if (typeof left === 'number' && typeof right === 'number') return left - right;
  if (typeof left === 'boolean' && typeof right === 'boolean') return Number(left) - Number(right);
  const a = String(left);
  const b = String(right);
  return a < b ? -1 : a > b ? 1 : 0;
}

function matchesHierarchy(
  model: string,
  id: number,
  operator: string,
  expected: unknown,
  source: DomainSource,
): boolean {
  const roots = new Set(
    expectedIds(expected) === 'empty' ? [] : (expectedIds(expected) as number[]),
  );
  const parentField = source.field(model, 'parent_id') !== undefined ? 'parent_id' : undefined;
  const parentOf = (recordId: number): number | undefined => {
    if (parentField === undefined) return undefined;
    const parent = source.value(model, recordId, parentField);
    return typeof parent === 'number' ? parent : undefined;
  };
  if (operator === 'child_of') {
    // id is a child of a root when walking up its parents reaches the root (itself included).
    const seen = new Set<number>();
    for (
      let current: number | undefined = id;
      current !== undefined && !seen.has(current);
      current = parentOf(current)
    ) {
      if (roots.has(current)) return true;
      seen.add(current);
    }
    return false;
  }
  // parent_of: id is an ancestor (or itself) of a root.
  for (const root of roots) {
    const seen = new Set<number>();
    for (
      let current: number | undefined = root;
      current !== undefined && !seen.has(current);
      current = parentOf(current)
    ) {
      if (current === id) return true;
      seen.add(current);
    }
  }
  return false;
}

function toIds(raw: unknown): number[] {
  if (typeof raw === 'number') return [raw];
  if (Array.isArray(raw)) return raw.filter((item): item is number => typeof item === 'number');
  return [];
}
