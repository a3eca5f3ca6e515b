/**
 * @module hunt/worker-messages
 * The messages between the hunt's main thread and its workers. Only plain data crosses: tasks go
 * out, per-file results and the worker's aggregate state come back.
 */
import type { AggregatePartial, LogRule } from '../detect/index.js';
import type { LineNeed } from '../parsers/index.js';
import type { HuntTask, TaskResult, TimeFilter } from './scan-task.js';

/** What a worker is started with: it opens the root while the main thread loads the rules. */
export interface WorkerInit {
  /** Evidence root location; each worker opens it itself. */
  root: string;
  filter: TimeFilter;
}

/**
 * `rules` comes first, once: the validated rules as the main thread loaded them (workers do not
 * re-read rule files), with each rule's line need as the main thread derived it; the worker
 * answers `ready`. Then tasks (the first ones sent right behind
 * the rules, not after `ready`), then `finish`.
 */
export type ToWorker =
  | { type: 'rules'; rules: LogRule[]; needs: (LineNeed | null)[] }
  | { type: 'task'; task: HuntTask }
  | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'result'; result: TaskResult }
  | { type: 'aggregate'; aggregate: AggregatePartial }
  | { type: 'fatal'; message: string };
