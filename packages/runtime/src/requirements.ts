import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramCommand } from './command.js';
import { splitInterpreter } from './command.js';

/** The requirement files the cloud installs (`pip install -r`) before the boot file, in the order it looks for them. */
export const REQUIREMENT_FILES: readonly string[] = ['pip-requirements.txt', 'pip-requirement.txt', 'requirements.txt', 'requirement.txt'];

/** The first requirement file present at the top of the code folder. */
export function findRequirementFile(codeDir: string): string | undefined {
  for (const name of REQUIREMENT_FILES) {
    const p = join(codeDir, name);
    if (existsSync(p)) return p;
  }
  return undefined;
}

/** `python -m pip install --target <dir> -r <file>`: packages go into the job folder, never into the user's Python. */
export function pipInstallCommand(python: string, requirementFile: string, target: string): ProgramCommand {
  const [file, ...rest] = splitInterpreter(python);
  if (!file) throw new Error(`empty python setting "${python}"`);
  return {
    file,
    args: [...rest, '-m', 'pip', 'install', '--disable-pip-version-check', '--no-input', '--target', target, '-r', requirementFile],
  };
}
