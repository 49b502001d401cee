import { spawn, type ChildProcess } from 'node:child_process';
import { ScannerError } from '../scanner';

export interface ScanimageCommand {
  /** Executable name or path; "scanimage" from PATH unless configured. */
  command: string;
  env: NodeJS.ProcessEnv;
}

/**
 * scanimage is always started without a shell, with arguments as an array, and in the C locale:
 * the messages it prints are matched in English (libsane translates them otherwise).
 */
export function spawnScanimage(cmd: ScanimageCommand, args: string[], signal?: AbortSignal): ChildProcess {
  return spawn(cmd.command, args, {
    shell: false,
    signal,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...cmd.env, LC_ALL: 'C', LANG: 'C', LANGUAGE: '' },
  });
}

export interface ScanimageOutput {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs scanimage to its end (device list, options); output is capped so a broken backend cannot flood memory. */
export function runScanimage(cmd: ScanimageCommand, args: string[], timeoutMs: number, signal?: AbortSignal): Promise<ScanimageOutput> {
  return new Promise((resolve, reject) => {
    const child = spawnScanimage(cmd, args, signal);
    let stdout = '';
    let stderr = '';
    const cap = 4 * 1024 * 1024;
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stdout.length < cap) stdout += chunk;
    });
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      if (stderr.length < cap) stderr += chunk;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(spawnError(error));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout, stderr, code, signal });
    });
  });
}

/** A failure to start the process at all: most often scanimage is not installed. */
export function spawnError(error: Error): ScannerError {
  const code = (error as NodeJS.ErrnoException).code;
  if (error.name === 'AbortError') return new ScannerError('unavailable', 'scanimage was stopped');
  if (code === 'ENOENT') return new ScannerError('not-installed', 'scanimage is not installed (Debian: apt-get install sane-utils)');
  return new ScannerError('unavailable', `scanimage could not be started (${code ?? error.name})`);
}
