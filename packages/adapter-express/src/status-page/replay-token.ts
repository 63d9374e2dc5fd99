import { createHash, timingSafeEqual } from 'node:crypto';

/** Shorter tokens are refused when the page is created: a replay token must not be guessable. */
export const minimumReplayTokenLength = 16;

/**
 * A check of the replay token that takes the same time whatever the candidate: both sides are hashed
 * first, so `timingSafeEqual` compares equal lengths and not even the token's length leaks.
 *
 * @example
 * const isReplayToken = createReplayTokenCheck(token);
 * if (!isReplayToken(request.body.token)) return refuse();
 */
export function createReplayTokenCheck(token: string): (candidate: unknown) => boolean {
  if (token.length < minimumReplayTokenLength)
    throw new TypeError(
      `createStatusPage: the replay token must be at least ${minimumReplayTokenLength} characters`,
    );
  const expected = digest(token);
  return (candidate) =>
    typeof candidate === 'string' && timingSafeEqual(digest(candidate), expected);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
