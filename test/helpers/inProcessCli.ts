import { main } from '../../src/cli/main';

export interface InProcessRun {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI in this process with its output captured (git runs for real): faster than a child process. */
export async function runCliInProcess(...args: string[]): Promise<InProcessRun> {
  let stdout = '';
  let stderr = '';
  const write = { out: process.stdout.write, err: process.stderr.write };
  process.stdout.write = ((chunk: string | Uint8Array) => ((stdout += chunk.toString()), true)) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => ((stderr += chunk.toString()), true)) as typeof process.stderr.write;
  try {
    return { status: await main(args), stdout, stderr };
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
}
