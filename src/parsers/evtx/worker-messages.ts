/**
 * @module parsers/evtx/worker-messages
 * The messages between the file pool and its workers.
 */
import type { LineFormat } from './record-line.js';
import type { EvtxReadOptions, EvtxRecordError, EvtxSummary } from './types.js';

export type PoolRequest =
  | {
      type: 'file';
      id: number;
      path: string;
      options: EvtxReadOptions;
      lines?: LineFormat;
      tagPath?: boolean;
    }
  | { type: 'more' };

export type PoolResponse =
  /** `json`: the batch of `EvtxResult`s as one JSON array. */
  | { type: 'results'; id: number; json: string }
  | { type: 'lines'; id: number; text: string; records: number; errors: EvtxRecordError[] }
  | { type: 'done'; id: number; summary: EvtxSummary | null; failure: string | null };
