/**
 * A reader that closes the pipe early (`exhunt lab … | head -1` printed node's unhandled 'error'
 * stack before this was handled): one line on stderr and status 2, whatever the command.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const MAIN = join(import.meta.dirname, 'main.ts');

function runWithClosedStdout(args: string[]): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    // Gone before the child writes its first byte (it takes a few hundred ms to start).
    p.stdout.destroy();
    let stderr = '';
    p.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    p.on('close', (code) => resolve({ code, stderr }));
  });
}

describe('stdout closed by the reader', { timeout: 60_000 }, () => {
  it('exhunt build: one line, status 2, no stack trace', async () => {
    const r = await runWithClosedStdout(['build', '15.1.2176.2']);
    expect(r.stderr).toBe('exhunt: output closed before the end (broken pipe); stopped\n');
    expect(r.code).toBe(2);
  });
});
