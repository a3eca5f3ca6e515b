/**
 * Parity on every sample in test/fixtures/evtx (EXPECTED.md beside them): each file reaches its
 * target count (the most tolerant reference reader's), with one counted error per record that
 * cannot be rendered. Our exact counts are pinned too, so a regression cannot hide behind ">=".
 */
import { describe, expect, it } from 'vitest';
import { readSample } from './testing/samples.js';

/** file → [target from EXPECTED.md, records we render, errors we count, records marked recovered]. */
const SAMPLES: Record<string, [target: number, ok: number, errors: number, recovered: number]> = {
  'omerbenamram-evtx/2-system-Microsoft-Windows-LiveId%4Operational.evtx': [399, 399, 0, 0],
  // A shadow-copy log with torn chunks: 40 more records are found past the damage (marked
  // `recovered`); the Rust crate stops at the first bad record of a chunk.
  'omerbenamram-evtx/2-vss_0-Microsoft-Windows-RemoteDesktopServices-RdpCoreTS%4Operational.evtx': [
    1910, 1950, 27, 40,
  ],
  'omerbenamram-evtx/2-vss_0-Microsoft-Windows-TerminalServices-RemoteConnectionManager%4Operational.evtx': [
    1774, 1795, 1, 21,
  ],
  'omerbenamram-evtx/2-vss_7-System.evtx': [1160, 1160, 0, 0],
  'omerbenamram-evtx/Application_no_crc32.evtx': [17, 17, 0, 0],
  'omerbenamram-evtx/E_ShadowCopy6_windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': [
    459, 459, 0, 0,
  ],
  'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-CAPI2%4Operational.evtx': [
    340, 340, 0, 0,
  ],
  'omerbenamram-evtx/E_Windows_system32_winevt_logs_Microsoft-Windows-Shell-Core%4Operational.evtx': [
    1146, 1146, 0, 0,
  ],
  'omerbenamram-evtx/Microsoft-Windows-HelloForBusiness%4Operational.evtx': [6, 6, 0, 0],
  'omerbenamram-evtx/Microsoft-Windows-LanguagePackSetup%4Operational.evtx': [17, 17, 0, 0],
  'omerbenamram-evtx/MSExchange_Management_wec.evtx': [1, 1, 0, 0],
  'omerbenamram-evtx/new-user-security.evtx': [4, 4, 0, 0],
  'omerbenamram-evtx/post-Security.evtx': [126, 126, 0, 0],
  'omerbenamram-evtx/sample-with-irregular-bool-values.evtx': [3028, 3028, 0, 0],
  // The zero-size record is one error; the 114 records after it in the same chunk are kept
  // (the reference readers stop the chunk there).
  'omerbenamram-evtx/sample-with-zero-data-size-event.evtx': [335, 449, 1, 114],
  // One record was never completely written (no size trailer, System values all zero): it is
  // still returned, as the Rust crate does, with what it holds (computer name, record time).
  'omerbenamram-evtx/sample_with_a_bad_chunk_magic.evtx': [270, 270, 0, 0],
  'omerbenamram-evtx/security.evtx': [2261, 2261, 0, 0],
  'omerbenamram-evtx/security_bad_string_cache.evtx': [2261, 2261, 0, 0],
  'omerbenamram-evtx/Security_short_selected.evtx': [7, 7, 0, 0],
  'omerbenamram-evtx/Security_with_size_t.evtx': [636, 636, 0, 0],
  'omerbenamram-evtx/sysmon.evtx': [358, 358, 0, 0],
  'omerbenamram-evtx/system.evtx': [1881, 1881, 0, 0],
  'python-evtx/dns_log_malformed.evtx': [5, 5, 0, 0],
  'python-evtx/issue_38.evtx': [1, 1, 0, 0],
  'python-evtx/issue_39.evtx': [394, 394, 0, 0],
  'python-evtx/issue_43.evtx': [1730, 1730, 0, 0],
  'python-evtx/system.evtx': [1601, 1601, 0, 0],
  'velocidex-evtx/Microsoft-Windows-CAPI2_Operational_EventID70.evtx': [1, 1, 0, 0],
  'velocidex-evtx/Security.evtx': [739, 739, 0, 0],
  'velocidex-evtx/Security_1_record.evtx': [1, 1, 0, 0],
};

describe('every sample reaches its target count', () => {
  for (const [file, [target, ok, errors, recovered]] of Object.entries(SAMPLES)) {
    it(file, () => {
      const read = readSample(file);
      expect(read.records.length).toBeGreaterThanOrEqual(target);
      expect(read.records.length).toBe(ok);
      expect(read.errors.length).toBe(errors);
      expect(read.records.filter((r) => r.recovered).length).toBe(recovered);
      expect(read.summary.records).toBe(ok);
      expect(read.summary.errors).toBe(errors);
      // Every record carries the basics a rule needs (but the half-written one above).
      const incomplete = read.records.filter(
        (r) => r.eventId === null || r.provider === null || r.time === null,
      );
      expect(incomplete.length).toBe(file.includes('bad_chunk_magic') ? 1 : 0);
      // Errors say where they are.
      for (const e of read.errors) {
        expect(e.error).toMatch(/\S/);
        expect(e.offset).toBeGreaterThanOrEqual(4096);
      }
    });
  }
});

describe('file structure is reported, not trusted', () => {
  it('sysmon.evtx: the header says 1 chunk, all 9 present are read', () => {
    const { summary } = readSample('omerbenamram-evtx/sysmon.evtx');
    expect(summary.header?.chunkCount).toBe(1);
    expect(summary.chunks).toBe(9);
    expect(summary.header?.dirty).toBe(true);
  });

  it('sample_with_a_bad_chunk_magic.evtx: bad-magic slots are counted', () => {
    const { summary } = readSample('omerbenamram-evtx/sample_with_a_bad_chunk_magic.evtx');
    expect(summary.header?.chunkCount).toBe(16);
    expect(summary.chunks).toBe(4);
    expect(summary.badMagicChunks + summary.emptyChunks).toBe(12);
    expect(summary.dataChecksumMismatches).toBe(3);
  });

  it('security_bad_string_cache.evtx: the damaged chunk header checksum is reported', () => {
    const { summary } = readSample('omerbenamram-evtx/security_bad_string_cache.evtx');
    expect(summary.headerChecksumMismatches).toBe(1);
  });

  it('Application_no_crc32.evtx: a file without CRCs is read whole', () => {
    const { summary } = readSample('omerbenamram-evtx/Application_no_crc32.evtx');
    expect(summary.header?.flags).toBe(4);
    expect(summary.header?.checksumOk).toBe(false);
    expect(summary.records).toBe(17);
  });

  it('post-Security.evtx: nonsense header flags do not stop the reader', () => {
    const { summary } = readSample('omerbenamram-evtx/post-Security.evtx');
    expect(summary.header?.flags).toBe(0x1b970000);
    expect(summary.records).toBe(126);
  });
});
