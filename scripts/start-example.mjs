// `npm start`: runs exhunt's main job on the bundled example data. The example is meant to find
// something, so exit status 1 ("found something") is reported as the expected outcome, not an npm failure.
import { spawnSync } from 'node:child_process';

const args = process.argv.slice(2);
const r = spawnSync(process.execPath, ['dist/cli/main.js', ...args], { stdio: 'inherit' });
if (r.status === 1) {
  process.stderr.write(
    '\n(exit status 1: exhunt found vulnerable or compromised servers in the example, as it should)\n',
  );
  process.exit(0);
}
process.exit(r.status ?? 2);
