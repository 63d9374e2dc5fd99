/**
 * Plane's project rules (CE 1.3.1, `api/serializers/project.py`): an identifier is at most 12 characters,
 * stored upper-cased, and neither identifier nor *name* may contain any of `& + , : ; $ ^ } { * = ? @ # | ' < > . ( ) % ! -`
 * (400 "cannot contain special characters"). Identifiers and names are unique per workspace (409).
 */
const forbiddenCharacters = /[&+,:;$^}{*=?@#|'<>.()%!-]/g;
export const maxIdentifierLength = 12;

/** A project name Plane accepts: forbidden characters become spaces, runs of spaces collapse. */
export function cleanProjectName(name: string): string {
  const cleaned = name.replace(forbiddenCharacters, ' ').replace(/\s+/g, ' ').trim();
  return cleaned === '' ? 'Untitled project' : cleaned.slice(0, 255);
}

/**
 * The identifier a project gets before any collision: from the WBS code when there is one, else from the
 * name. Only A–Z and 0–9 survive (accents are folded), so it is safe in work-item keys like `WEB-12` that
 * GitHub messages refer to.
 *
 * @example
 * baseProjectIdentifier({ name: 'Website Relaunch', wbsCode: null, odooId: 7 }) // 'WEBSITERELAU'
 * baseProjectIdentifier({ name: 'X', wbsCode: '1.2-A', odooId: 7 }) // '12A'
 */
export function baseProjectIdentifier(source: {
  readonly name: string;
  readonly wbsCode?: string | null;
  readonly odooId: number;
}): string {
  const fromWbs = lettersAndDigits(source.wbsCode ?? '');
  const fromName = lettersAndDigits(source.name);
  const base = fromWbs !== '' ? fromWbs : fromName;
  return (base === '' ? `P${source.odooId}` : base).slice(0, maxIdentifierLength);
}

/**
 * The identifier to try after `attempt` collisions (attempt 0 = the base): `WEBSITERELAU`, `WEBSITEREL2`,
 * `WEBSITEREL3`, … always ≤ 12 characters.
 */
export function projectIdentifierVariant(base: string, attempt: number): string {
  if (attempt === 0) return base;
  const suffix = String(attempt + 1);
  return `${base.slice(0, maxIdentifierLength - suffix.length)}${suffix}`;
}

function lettersAndDigits(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/[^A-Z0-9]/g, '');
}
