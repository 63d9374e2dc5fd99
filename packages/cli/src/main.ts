import { runCli } from './program.js';

// The bin: the process's arguments, environment and streams; the exit code says how it went.
process.exitCode = await runCli(process.argv.slice(2), {
  cwd: process.cwd(),
  environment: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
});
