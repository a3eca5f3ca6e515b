/**
 * @module lab/request-log
 * Every request any lab host received, in order: the evidence that a probe sent only GETs, only
 * to the hosts it was given, and nothing that writes. Bounded (oldest entries are dropped and
 * counted) so a 100,000-target benchmark cannot exhaust memory; optionally mirrored to a sink.
 */
import type { LabLogEntry } from './types.js';

export class RequestLog {
  readonly entries: LabLogEntry[] = [];
  dropped = 0;
  total = 0;
  /** TCP connections accepted by the lab's HTTPS hosts, and how many TLS handshakes resumed a session. */
  connections = 0;
  handshakes = 0;
  resumed = 0;
  readonly methods = new Map<string, number>();

  constructor(
    private readonly cap = 200_000,
    private readonly sink: ((e: LabLogEntry) => void) | null = null,
  ) {}

  add(e: LabLogEntry): void {
    this.total++;
    this.methods.set(e.method, (this.methods.get(e.method) ?? 0) + 1);
    this.sink?.(e);
    if (this.entries.length >= this.cap) {
      this.entries.shift();
      this.dropped++;
    }
    this.entries.push(e);
  }

  /** Counts one accepted connection (`tls`: the completed handshake, `resumed`: from a session). */
  connection(tls: { resumed: boolean } | null): void {
    if (tls === null) {
      this.connections++;
      return;
    }
    this.handshakes++;
    if (tls.resumed) this.resumed++;
  }

  /** Requests whose method is anything but GET/HEAD: must stay zero for exhunt. */
  unsafe(): number {
    let n = 0;
    for (const [m, c] of this.methods) if (m !== 'GET' && m !== 'HEAD') n += c;
    return n;
  }

  clear(): void {
    this.entries.length = 0;
    this.methods.clear();
    this.dropped = 0;
    this.total = 0;
    this.connections = 0;
    this.handshakes = 0;
    this.resumed = 0;
  }
}
