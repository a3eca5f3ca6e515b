/**
 * @module probe/schedule/run-pool
 * A bounded worker pool over a lazy async source: at most `concurrency` items in flight, the
 * source pulled only when a slot frees up (so a /8 never sits in memory), results yielded as
 * they finish (not in input order). Memory is O(concurrency), whatever the number of items.
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
  const inFlight = new Map<number, Promise<{ key: number; value: R }>>();
  let nextKey = 0;
  let exhausted = false;
  const fill = async (): Promise<void> => {
    while (!exhausted && inFlight.size < concurrency) {
      const n = await it.next();
      if (n.done) {
        exhausted = true;
        break;
      }
      const key = nextKey++;
      inFlight.set(
        key,
        work(n.value).then((value) => ({ key, value })),
      );
    }
  };
  await fill();
  while (inFlight.size > 0) {
    const { key, value } = await Promise.race(inFlight.values());
    inFlight.delete(key);
    yield value;
    await fill();
  }
}
