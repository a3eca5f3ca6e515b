/**
 * @module probe/schedule/run-pool
 * A bounded worker pool over a lazy async source: at most `concurrency` items in flight, the
 * source pulled only when a slot frees up (so a /8 never sits in memory), results yielded as
 * they finish (not in input order). Memory is O(concurrency), whatever the number of items.
 *
 * Each finished item is pushed onto a queue and wakes the consumer: O(1) per item. (Waiting with
 * `Promise.race` over the items in flight attached a reaction to every pending item per
 * completion — O(concurrency) each, 200 × 2,000 for a 2,000-host probe — and those reactions
 * stayed on the long-lived promises until they settled.)
 */
export async function* runPool<T, R>(
  source: AsyncIterable<T> | Iterable<T>,
  concurrency: number,
  work: (item: T) => Promise<R>,
): AsyncGenerator<R> {
  const it = (
    Symbol.asyncIterator in source
      ? source[Symbol.asyncIterator]()
      : (source as Iterable<T>)[Symbol.iterator]()
  ) as AsyncIterator<T> | Iterator<T>;
  const ready: R[] = [];
  let failure: { error: unknown } | null = null;
  let inFlight = 0;
  let exhausted = false;
  let wake: (() => void) | null = null;
  const settled = (): void => {
    inFlight--;
    wake?.();
    wake = null;
  };
  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight < concurrency) {
      const n = await it.next();
      if (n.done) {
        exhausted = true;
        break;
      }
      inFlight++;
      work(n.value).then(
        (value) => {
          ready.push(value);
          settled();
        },
        (error: unknown) => {
          failure ??= { error };
          settled();
        },
      );
    }
  };
  await fill();
  while (inFlight > 0 || ready.length > 0) {
    if (ready.length === 0 && !failure) await new Promise<void>((r) => (wake = r));
    if (failure) throw (failure as { error: unknown }).error;
    if (ready.length === 0) continue;
    yield ready.shift() as R;
    await fill();
  }
}
