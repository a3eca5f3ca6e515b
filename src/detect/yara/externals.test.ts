/** @module detect/yara/externals.test */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { usesExternals, variablesFor } from './externals.js';
import { yaraXEngine } from './backend-yara-x.js';

const FIX = fileURLToPath(new URL('../../../test/fixtures/intel/signature-base/yara/', import.meta.url));

describe('external variables', () => {
  it('LOKI-style values from a Windows path', () => {
    expect(variablesFor('C:/inetpub/wwwroot/aspnet_client/Shell.ASPX', 'PE')).toEqual({
      filename: 'Shell.ASPX',
      filepath: 'C:\\inetpub\\wwwroot\\aspnet_client',
      extension: '.aspx',
      filetype: 'PE',
      owner: '',
    });
  });

  it('usesExternals finds conditions that read them, not meta or strings', () => {
    expect(usesExternals('rule a { meta: filetype = "x" strings: $a = "filename" condition: $a }')).toBe(
      false,
    );
    expect(usesExternals('rule a { condition: extension == ".aspx" }')).toBe(true);
    expect(
      usesExternals('rule a { condition: true }\nrule b {\n condition:\n filepath contains "\\\\x" }'),
    ).toBe(true);
  });

  it('on the signature-base subset: only gen_webshells_ext_vars.yar needs them', async () => {
    for (const [f, want] of [
      ['gen_webshells_ext_vars.yar', true],
      ['apt_hafnium.yar', false],
      ['expl_proxyshell.yar', false],
    ] as const) {
      expect(usesExternals(await readFile(FIX + f, 'utf8')), f).toBe(want);
    }
  });

  it('a rule reading `extension` still sees the per-file value when other rules do not need it', async () => {
    const engine = yaraXEngine();
    if (!(await engine.status()).available) return;
    const rules = await engine.compile([
      { origin: 'a', namespace: 'a', text: 'rule plain { strings: $a = "hello" condition: $a }' },
      {
        origin: 'b',
        namespace: 'b',
        text: 'rule ext { strings: $a = "hello" condition: $a and extension == ".aspx" }',
      },
    ]);
    const hits = await rules.scanBuffer(Buffer.from('hello'), { extension: '.aspx' });
    expect(hits.map((h) => h.rule).sort()).toEqual(['ext', 'plain']);
    expect((await rules.scanBuffer(Buffer.from('hello'), { extension: '.txt' })).map((h) => h.rule)).toEqual([
      'plain',
    ]);
    await rules.close();
  });
});
