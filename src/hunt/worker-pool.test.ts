// The hunt's worker pool with workers started ahead of the scan (before the rules are loaded): a
// worker that died before the scan began must not lose files or hang the run, and workers beyond
// the number of files end unused.
import path from 'node:path';
import { once } from 'node:events';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { locate, openEvidence } from '../evidence/index.js';
import { loadLogRules, RuleSet } from '../detect/index.js';
import { planTasks } from './plan-tasks.js';
import { runOnWorkers, startWorkers, type StartedWorkers } from './worker-pool.js';
import type { TaskResult } from './scan-task.js';

const EXAMPLE = path.resolve(import.meta.dirname, '../../examples/evidence/compromised-2016-cu19');

/** The example's files, the largest `take` of them. */
async function setUp(take = Infinity) {
  const root = await openEvidence(EXAMPLE);
  const tasks = planTasks(await locate(root)).slice(0, take);
  const rules = loadLogRules().rules;
  const filter = { since: null, until: null };
  return { root, tasks, rules, filter, set: new RuleSet(rules) };
}

async function scanAll(started: StartedWorkers, take = Infinity) {
  const { root, tasks, rules, filter, set } = await setUp(take);
  const results: TaskResult[] = [];
  try {
    await runOnWorkers(
      tasks,
      started,
      rules,
      { root, set, filter },
      { onResult: (r) => results.push(r), onAggregate: () => {} },
    );
  } finally {
    await root.close();
  }
  return { tasks, results };
}

describe('hunt worker pool, workers started early', () => {
  it('a worker that exited before the scan began loses no file and does not hang', async () => {
    const dead = new Worker('process.exit(3)', { eval: true });
    await once(dead, 'exit');
    const started: StartedWorkers = { workers: [dead], exited: new Set([dead]), stop: async () => {} };
    const { tasks, results } = await scanAll(started);
    expect(tasks.length).toBeGreaterThan(1);
    expect(results.map((r) => r.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    expect(results.every((r) => r.issues.every((i) => i.kind !== 'internal-error'))).toBe(true);
  });

  it('workers beyond the number of files are ended unused; the others scan', async () => {
    // Two files: this thread and one worker scan; the two other workers end unused.
    const started = startWorkers(3, { root: EXAMPLE, filter: { since: null, until: null } });
    const exits = started.workers.map((w) => once(w, 'exit'));
    const { tasks, results } = await scanAll(started, 2);
    expect(tasks).toHaveLength(2);
    await Promise.all(exits);
    expect(results.map((r) => r.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    expect(results.every((r) => r.issues.every((i) => i.kind !== 'internal-error'))).toBe(true);
  });

  it('a worker gets its first files with the rules, without waiting for its ready', async () => {
    // A worker that never says ready (as if this thread were busy inside a large file and had not
    // read it yet): the run must still complete.
    const started: StartedWorkers = { workers: [silentWorker()], exited: new Set(), stop: async () => {} };
    const run = scanAll(started);
    const timeout = new Promise<'hung'>((resolve) => setTimeout(() => resolve('hung'), 10_000).unref());
    const outcome = await Promise.race([run, timeout]);
    expect(outcome).not.toBe('hung');
    const { tasks, results } = await run;
    expect(results.map((r) => r.id).sort()).toEqual(tasks.map((t) => t.id).sort());
    // The worker took its share (files sent before any ready), this thread the rest.
    expect(results.filter(fromSilentWorker).length).toBeGreaterThan(0);
  });

  it('near the end a worker has one file at a time: with two files, each thread scans one', async () => {
    // Both queued ahead to the worker, this thread would have had nothing to do.
    const started: StartedWorkers = { workers: [silentWorker()], exited: new Set(), stop: async () => {} };
    const { tasks, results } = await scanAll(started, 2);
    expect(tasks).toHaveLength(2);
    expect(results.filter(fromSilentWorker)).toHaveLength(1);
  });
});

/** A worker that never says ready and answers each task with an empty result. */
function silentWorker(): Worker {
  return new Worker(
    `const { parentPort } = require('node:worker_threads');
    parentPort.on('message', (m) => {
      if (m.type === 'task') parentPort.postMessage({ type: 'result', result: {
        id: m.task.id, coverage: { path: m.task.path, kind: m.task.kind, subkind: m.task.subkind,
          records: 0, first: null, last: null, bytes: 0, issues: 0 },
        issues: [], issueKinds: {}, hits: [], stats: {}, builds: [] } });
      else if (m.type === 'finish') { parentPort.postMessage({ type: 'aggregate', aggregate: {} }); parentPort.close(); }
    });`,
    { eval: true },
  );
}

/** A result of `silentWorker` (a real scan of the example's files reads bytes). */
function fromSilentWorker(r: TaskResult): boolean {
  return r.coverage.bytes === 0 && r.coverage.records === 0;
}
