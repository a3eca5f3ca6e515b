/**
 * @module hunt/hunt-worker
 * Worker-thread entry: opens the evidence root itself, compiles the rules it is then sent once,
 * then scans the files it is sent one at a time. On `finish` it sends its aggregate state and
 * exits. It is started before the main thread has loaded the rules, so that its start-up (tens
 * of ms of module loading) overlaps the main thread's.
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
  const fatal = (err: unknown): void =>
    send({ type: 'fatal', message: (err as Error).message.split('\n')[0] ?? 'worker failed' });
  try {
    const root = await openEvidence(init.root);
    let set: RuleSet | null = null;
    // One message at a time, in order: the main thread sends the next task when this one is done.
    let chain = Promise.resolve();
    p.on('message', (m: ToWorker) => {
      chain = chain
        .then(async () => {
          if (m.type === 'rules') {
            set = new RuleSet(m.rules, m.needs);
            send({ type: 'ready' });
          } else if (set === null) {
            throw new Error(`${m.type} before the rules`);
          } else if (m.type === 'task') {
            send({ type: 'result', result: await runTaskSafely(root, set, m.task, init.filter) });
          } else {
            send({ type: 'aggregate', aggregate: set.aggregate });
            await root.close();
            p.close();
          }
        })
        .catch(fatal);
    });
  } catch (err) {
    // The root did not open: say why and end, so this worker's files go to the other threads.
    fatal(err);
    p.close();
  }
}
