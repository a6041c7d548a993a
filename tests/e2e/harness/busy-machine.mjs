// A loaded machine for the tests that must hold under load: a second process spinning on a core
// for as long as the test runs. `const busy = spinElsewhere(); … busy.stop()`.
import { spawn } from 'node:child_process';

export function spinElsewhere() {
  const child = spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' });
  return {
    stop() {
      child.kill('SIGKILL');
    },
  };
}
