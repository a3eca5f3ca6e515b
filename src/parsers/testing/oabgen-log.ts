/**
 * @module parsers/testing/oabgen-log
 * Exchange OABGeneratorLog files (`Logging/OABGeneratorLog/*.log`). The column layout here is a
 * model (timestamp first, message last), not a copy of a real file: what hunts key on is the
 * message text, e.g. `Download failed and temporary file '<path>' needs to be removed`, which
 * CVE-2021-26858 left with a path outside ClientAccess\OAB.
 */
import { csvLine } from './csv-encode.js';
import { applyPlant, DEFAULT_START, plantsByIndex, type GenerateOptions } from './log-options.js';
import { fakeGuid, seededRandom, type Random } from './seeded-random.js';

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
  const r = seededRandom(options.seed ?? 4);
  const eol = options.eol ?? '\r\n';
  const start = options.start ?? DEFAULT_START;
  const step = options.stepMs ?? 60_000;
  const style = options.header ?? 'fields';
  const plants = plantsByIndex(options.plant);
  const total = Math.max(options.lines, ...(options.plant ?? []).map((p) => p.at + 1));
  if (options.bom) yield '\ufeff';
  for (let i = 0; i < total; i++) {
    const time = start + i * step;
    const repeat = options.repeatHeaderEvery && i > 0 && i % options.repeatHeaderEvery === 0;
    if (style === 'fields' && (i === 0 || repeat)) {
      yield (
        [
          '#Software: Microsoft Exchange Server',
          '#Log-type: OABGenerator Log',
          `#Fields: ${OABGEN_FIELDS.join(',')}`,
        ].join(eol) + eol
      );
    }
    if (style === 'bare' && (i === 0 || repeat)) yield OABGEN_FIELDS.join(',') + eol;
    yield csvLine(applyPlant(OABGEN_FIELDS, benignOabGenFields(r, time), plants.get(i))) + eol;
  }
}

export function generateOabGenLog(options: OabGenOptions): Buffer {
  return Buffer.from([...oabGenLines(options)].join(''), 'utf8');
}
