import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The interpreter `python3` (or `MODELARTS_TEST_PYTHON`) resolves to: launchers such as pyenv shims cost a second per start. */
export const PYTHON = execFileSync(process.env.MODELARTS_TEST_PYTHON || 'python3', ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).trim();

/** Writes a model package `<root>/<name>/model/` with the given files; returns the `model/` folder. */
export function writeModel(root: string, name: string, files: Record<string, string | Buffer | object>): string {
  const modelDir = join(root, name, 'model');
  mkdirSync(modelDir, { recursive: true });
  for (const [path, content] of Object.entries(files)) {
    const full = join(modelDir, path);
    mkdirSync(join(full, '..'), { recursive: true });
    writeFileSync(full, typeof content === 'string' || Buffer.isBuffer(content) ? content : JSON.stringify(content));
  }
  return modelDir;
}

/** An interpreter with scikit-learn and joblib (Debian's python3-sklearn), if this machine has one. */
export const SKLEARN_PYTHON = [PYTHON, '/usr/bin/python3'].find((python) => {
  try {
    execFileSync(python, ['-c', 'import sklearn, joblib'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
