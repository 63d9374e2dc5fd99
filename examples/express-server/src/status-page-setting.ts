import { err, ok, type Result } from 'neverthrow';

/** The variable that turns the status page on; its value is the page's replay token (a secret). */
export const statusPageTokenVariable = 'STATUS_PAGE_TOKEN';

/** Shorter tokens are refused: the token is all that guards the replay button. */
const minimumLength = 16;

/**
 * The status page's replay token from the environment: null when `STATUS_PAGE_TOKEN` is unset (the page
 * is off), or a problem naming the variable (never its value) when it is too short.
 *
 * @example
 * const token = readStatusPageToken(process.env); // ok('…') | ok(null) | err({ variable, message })
 */
export function readStatusPageToken(
  environment: Readonly<Record<string, string | undefined>>,
): Result<string | null, { readonly variable: string; readonly message: string }> {
  const value = (environment[statusPageTokenVariable] ?? '').trim();
  if (value === '') return ok(null);
  if (value.length < minimumLength)
    return err({
      variable: statusPageTokenVariable,
      message: `at least ${minimumLength} characters (it guards the status page's replay button)`,
    });
  return ok(value);
}
