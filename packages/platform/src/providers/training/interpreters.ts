import { execFile } from 'node:child_process';

/**
 * Resolves a configured Python command (`python3`) to the interpreter binary it starts, once per command, in the
 * background. Launchers such as pyenv shims cost over a second per start; jobs started after the first resolution
 * run the binary directly (the version the launcher picked when the platform started). Until then, and for
 * commands that are paths or cannot be resolved, the command is used as configured.
 */
export class InterpreterResolver {
  private readonly resolved = new Map<string, string>();
  private readonly pending = new Set<string>();

  resolve(command: string): string {
    const hit = this.resolved.get(command);
    if (hit) return hit;
    const [program, ...options] = command.trim().split(/\s+/);
    if (!program || program.includes('/')) return command;
    if (!this.pending.has(command)) {
      this.pending.add(command);
      execFile(program, [...options, '-c', 'import sys; print(sys.executable)'], { timeout: 30_000, encoding: 'utf8' }, (err, stdout) => {
        const exe = stdout?.trim();
        this.resolved.set(command, !err && exe?.startsWith('/') ? [exe, ...options].join(' ') : command);
      });
    }
    return command;
  }
}
