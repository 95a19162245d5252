import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The repository root, where `npm start` runs the CLI from. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = 'ops/src/cli/ordinal.ts';

/** How a CLI run ended and what it printed. */
export interface CliResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A running `ordinal` process. */
export interface CliProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Resolves with the first match of `pattern` on stdout; rejects if the process ends or time runs out. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves once the process has exited. */
  readonly exited: Promise<CliResult>;
  /** Sends SIGKILL if the process is still running (for cleanup after a failed test). */
  kill(): void;
}

/**
 * A child's environment: only what a user's shell would give it plus the test's settings, no
 * PORT, HOST or ORDINAL_* leaking in from the environment the tests run in.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(PORT|HOST|ORDINAL_.*|INIT_CWD)$/.test(name)),
  );
  return { ...inherited, ...env };
}

/** Starts `ordinal <args>` the way `npm run ordinal` does: Node with tsx, from the repository root. */
export function startCli(args: readonly string[], env: Record<string, string>): CliProcess {
  return startScript(CLI, args, env);
}

/** Starts a TypeScript entry point of the repository (relative to its root) as the CLI is started. */
export function startScript(script: string, args: readonly string[], env: Record<string, string>): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    env: childEnv(env),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  let closed = false;
  const listeners = new Set<() => void>();
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    for (const listener of listeners) listener();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const exited = new Promise<CliResult>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => {
      closed = true;
      resolve({ code, signal, stdout: out, stderr: err });
      for (const listener of listeners) listener();
    });
  });
  return {
    child,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitFor(pattern, timeoutMs = 20_000) {
      return new Promise((resolve, reject) => {
        const done = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        const check = () => {
          const match = out.match(pattern);
          if (match !== null) {
            done();
            resolve(match);
          } else if (closed) {
            done();
            reject(new Error(`ordinal ${args.join(' ')} ended before printing ${pattern}:\n${out}\n${err}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`ordinal ${args.join(' ')} did not print ${pattern} in ${timeoutMs} ms:\n${out}\n${err}`));
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}

/** Runs `ordinal <args>` to the end (killed after `timeoutMs`). */
export async function runCli(
  args: readonly string[],
  env: Record<string, string>,
  timeoutMs = 30_000,
): Promise<CliResult> {
  const cli = startCli(args, env);
  const timer = setTimeout(() => cli.kill(), timeoutMs);
  try {
    return await cli.exited;
  } finally {
    clearTimeout(timer);
  }
}
