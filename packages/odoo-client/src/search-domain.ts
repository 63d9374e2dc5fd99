/** The comparison operators Odoo domains accept (ORM docs, *Search domains*). */
export type DomainOperator =
  | '='
  | '!='
  | '>'
  | '>='
  | '<'
  | '<='
  | '=?'
  | '=like'
  | 'like'
  | 'not like'
  | 'ilike'
  | 'not ilike'
  | '=ilike'
  | 'in'
  | 'not in'
  | 'child_of'
  | 'parent_of'
  | 'any'
  | 'not any';

/** A value on the right of a domain term. */
export type DomainValue =
  string | number | boolean | null | readonly (string | number | boolean)[] | Domain;

/** One `[field, operator, value]` condition; `field` may be a dotted path such as `project_id.name`. */
export type DomainTerm = readonly [field: string, operator: DomainOperator, value: DomainValue];

/**
 * An Odoo search domain in prefix notation: terms, and the operators `'&'` (and), `'|'` (or), `'!'` (not)
 * placed before their operands. Top-level terms without an operator are joined by an implicit and.
 *
 * @example
 * const open: Domain = ['|', ['stage_id.fold', '=', false], ['stage_id', '=', false]];
 */
export type Domain = readonly (DomainTerm | '&' | '|' | '!')[];

/**
 * Joins domains with "and". Each domain is first made explicit (its implicit top-level ands written
 * out), because concatenating prefix expressions is only correct when each one is a single expression.
 *
 * @example
 * andDomains([['write_date', '>=', '2026-01-01 00:00:00']], ['|', ['a', '=', 1], ['b', '=', 2]]);
 * // ['&', ['write_date', '>=', …], '|', ['a', '=', 1], ['b', '=', 2]]
 */
export function andDomains(...domains: readonly Domain[]): Domain {
  const parts = domains.filter((domain) => domain.length > 0).map(explicitDomain);
  if (parts.length === 0) return [];
  const joiners: '&'[] = Array.from({ length: parts.length - 1 }, () => '&' as const);
  return [...joiners, ...parts.flat()];
}

/** Writes out a domain's implicit top-level ands, so it forms a single prefix expression. */
function explicitDomain(domain: Domain): Domain {
  // Reading right to left, a term pushes one expression, '!' turns one into one, '&'/'|' turn two into one.
  let expressions = 0;
  for (let index = domain.length - 1; index >= 0; index -= 1) {
    const element = domain[index];
    if (element === '&' || element === '|') expressions -= 1;
    else if (element !== '!') expressions += 1;
  }
  const missing = Math.max(0, expressions - 1);
  return [...Array.from({ length: missing }, () => '&' as const), ...domain];
}
