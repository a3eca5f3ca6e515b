/**
 * @module probe/schedule/worker-messages
 * The messages between the main thread and probe workers: plain, structured-clone-able data.
 */
import type { ProbeOptions } from '../options.js';
import type { ExcludeList } from '../targets/exclude-list.js';
import type { ProbeResult, Target } from '../types.js';

export interface WorkerInit {
  options: Omit<ProbeOptions, 'assess' | 'exclude' | 'limiter'>;
  exclude: ReturnType<ExcludeList['serialize']> | null;
}

export interface WorkerRequest {
  seq: number;
  target: Target;
}

export interface WorkerReply {
  seq: number;
  result: ProbeResult;
}
