import { existsSync } from 'node:fs';
import { extname } from 'node:path';

/** A channel as the boot file sees it: `--<name>=<local path>`. */
export interface ChannelArg {
  name: string;
  path: string;
}

/**
 * A hyper-parameter. REST values are strings; the SDK's local mode may pass numbers and booleans. No value
 * (or `true`) is a bare `--name` flag, for `action='store_true'` (manual 8.1.2); `false` leaves the flag out.
 */
export interface HyperParameter {
  name: string;
  value?: string | number | boolean | null;
}

/** Input channels, output channels, then hyper-parameters, each as `--name=value`: the cloud's order for preset-image jobs. */
export function trainingArgs(inputs: readonly ChannelArg[], outputs: readonly ChannelArg[], parameters: readonly HyperParameter[]): string[] {
  const args = [...inputs, ...outputs].map((c) => `--${c.name}=${c.path}`);
  for (const p of parameters) {
    if (p.value === false) continue;
    args.push(p.value === undefined || p.value === null || p.value === true ? `--${p.name}` : `--${p.name}=${p.value}`);
  }
  return args;
}

export interface InterpreterChoice {
  /** `script_interpreter` (manual) or an engine's interpreter: runs the boot file whatever its extension. */
  override?: string | undefined;
  /** For `.py` files (default `python3`). */
  python?: string | undefined;
  /** For `.js`/`.mjs`/`.cjs` files (default: this Node). */
  node?: string | undefined;
}

export interface ProgramCommand {
  file: string;
  args: string[];
}

/**
 * Splits an interpreter setting into words. A path that exists is one word even if it has spaces; otherwise
 * whitespace separates the program from its options (`python3 -u`).
 */
export function splitInterpreter(setting: string): string[] {
  const s = setting.trim();
  if (existsSync(s)) return [s];
  return s.split(/\s+/).filter(Boolean);
}

/** How a boot file runs: `.py` with python3, `.js`/`.mjs`/`.cjs` with node, anything else executed directly. */
export function bootCommand(bootPath: string, args: readonly string[], choice: InterpreterChoice = {}): ProgramCommand {
  const ext = extname(bootPath).toLowerCase();
  const setting = choice.override || (ext === '.py' ? choice.python || 'python3' : undefined);
  if (setting) {
    const [file, ...rest] = splitInterpreter(setting);
    if (!file) throw new Error(`empty interpreter setting "${setting}"`);
    return { file, args: [...rest, bootPath, ...args] };
  }
  if (ext === '.js' || ext === '.mjs' || ext === '.cjs') return { file: choice.node || process.execPath, args: [bootPath, ...args] };
  return { file: bootPath, args: [...args] };
}

/** Quotes one word for `/bin/sh`. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A custom-image start command run by `/bin/sh -c`. The channel and hyper-parameter arguments are appended,
 * since the cloud requires the training script to be the command's last part when a job has channels or hyper-parameters.
 */
export function shellCommand(command: string, args: readonly string[]): ProgramCommand {
  const full = args.length ? `${command} ${args.map(shellQuote).join(' ')}` : command;
  return { file: '/bin/sh', args: ['-c', full] };
}
