/**
 * @module hunt/hunt-worker
 * Worker-thread entry: opens the evidence root itself, compiles the rules it is given once, then scans the
 * files it is sent one at a time. On `finish` it sends its aggregate state and exits.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openEvidence } from '../evidence/index.js';
import { RuleSet } from '../detect/index.js';
import { runTaskSafely } from './scan-task.js';
import type { FromWorker, ToWorker, WorkerInit } from './worker-messages.js';

const port = parentPort;
if (port) void serve(port, workerData as WorkerInit);

async function serve(p: NonNullable<typeof parentPort>, init: WorkerInit): Promise<void> {
  const send = (m: FromWorker): void => p.postMessage(m);
  try {
    const root = await openEvidence(init.root);
    const set = new RuleSet(init.rules);
    // One task at a time, in order: the main thread sends the next when this one is done.
    let chain = Promise.resolve();
    p.on('message', (m: ToWorker) => {
      chain = chain.then(async () => {
        if (m.type === 'task')
          send({ type: 'result', result: await runTaskSafely(root, set, m.task, init.filter) });
        else {
          send({ type: 'aggregate', aggregate: set.aggregate });
          await root.close();
          p.close();
        }
      });
    });
    send({ type: 'ready' });
  } catch (err) {
    send({ type: 'fatal', message: (err as Error).message.split('\n')[0] ?? 'worker failed' });
  }
}
