/**
 * Starts `drain` once, `delayMs` after the first of any number of kicks: deliveries accepted meanwhile
 * share that drain, and the drain (with the engine work it hands to the queue) runs from a timer of its
 * own, never in the continuation of a request still being answered. A kick while the timer is set does
 * nothing; the first kick after it fired sets it again, so a steady stream drains every `delayMs`.
 *
 * @example
 * const kick = createDrainKick(() => processor.drain(), 20, (error) => logger.error('drain failed', { error }));
 * response.status(202).json(accepted);
 * kick();
 */
export function createDrainKick(
  drain: () => Promise<unknown>,
  delayMs: number,
  onError: (error: unknown) => void,
): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  return () => {
    if (timer !== null) return;
    timer = setTimeout(() => {
      timer = null;
      drain().catch(onError);
    }, delayMs);
  };
}
