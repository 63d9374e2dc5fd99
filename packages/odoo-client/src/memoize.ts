import { ResultAsync, type Result } from 'neverthrow';

/**
 * Runs `produce` once and shares its success with every later caller; a failure is returned to the callers
 * waiting for it and forgotten, so the next call tries again.
 */
export function memoizeSuccess<T, E>(produce: () => ResultAsync<T, E>): () => ResultAsync<T, E> {
  let pending: Promise<Result<T, E>> | undefined;
  return () => {
    pending ??= (async () => {
      const result = await produce();
      if (result.isErr()) pending = undefined;
      return result;
    })();
    return new ResultAsync(pending);
  };
}
