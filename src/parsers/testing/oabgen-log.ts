/**
 * @module parsers/testing/oabgen-log
 * Exchange OABGeneratorLog files (`Logging/OABGeneratorLog/*.log`). The column layout here is a
 * model (timestamp first, message last), not a copy of a real file: what hunts key on is the
 * message text, e.g. `Download failed and temporary file '<path>' needs to be removed`, which
 * CVE-2021-26858 left with a path outside ClientAccess\OAB.
 */
import { csvLine } from './csv-encode.js';
import { applyPlant, generatedLines, type GenerateOptions } from './log-options.js';
import { fakeGuid, type Random } from './seeded-random.js';

export type OabGenOptions = GenerateOptions;

export const OABGEN_FIELDS: readonly string[] = [
  'DateTime',
  'ServerName',
  'ThreadId',
  'Level',
  'OabGuid',
  'Message',
];

const MESSAGES = [
  'OABGenerator assistant starting a run for OAB "\\Default Offline Address Book".',
  'Generating full OAB files for "\\Default Offline Address Book".',
  'Finished OAB generation; 1243 entries written.',
  'Uploading OAB files to the arbitration mailbox.',
];

export function benignOabGenFields(r: Random, time: number): Record<string, string> {
  return {
    DateTime: new Date(time).toISOString(),
    ServerName: 'EX01',
    ThreadId: String(10 + r.int(90)),
    Level: 'Information',
    OabGuid: fakeGuid(r),
    Message: r.pick(MESSAGES),
  };
}

/** The CVE-2021-26858 trace: a download "temporary file" written outside ClientAccess\OAB. */
export function oabGenWebShellWrite(
  time: number,
  path = 'C:\\inetpub\\wwwroot\\aspnet_client\\system_web\\x.aspx',
): Record<string, string> {
  return {
    DateTime: new Date(time).toISOString(),
    Level: 'Error',
    Message: `Download failed and temporary file '${path}' needs to be removed`,
  };
}

export function* oabGenLines(options: OabGenOptions): Generator<string> {
  yield* generatedLines(options, {
    seed: 4,
    stepMs: 60_000,
    header: (style, eol) =>
      style === 'bare'
        ? OABGEN_FIELDS.join(',') + eol
        : [
            '#Software: Microsoft Exchange Server',
            '#Log-type: OABGenerator Log',
            `#Fields: ${OABGEN_FIELDS.join(',')}`,
          ].join(eol) + eol,
    line: (r, time, _i, plant) => csvLine(applyPlant(OABGEN_FIELDS, benignOabGenFields(r, time), plant)),
  });
}

export function generateOabGenLog(options: OabGenOptions): Buffer {
  return Buffer.from([...oabGenLines(options)].join(''), 'utf8');
}
