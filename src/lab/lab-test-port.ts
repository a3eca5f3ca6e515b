/**
 * @module lab/lab-test-port
 * A random loopback base address and port for one test file, so test files (and other engineers'
 * runs on the same machine) do not collide. Only 127.0.0.0/8 is ever returned.
 */
export function randomLoopback(): { base: string; port: number } {
  const r = (lo: number, hi: number): number => lo + Math.floor(Math.random() * (hi - lo + 1));
  return { base: `127.${r(100, 250)}.${r(0, 255)}.10`, port: r(20_000, 60_000) };
}
