/**
 * What every chapter-8 example shares: a Session (ModelArts Local by default), the demo bucket with the training
 * code and data of `code/`, and a way to run an example as a program.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { Estimator, InputData, OutputData, Session, TrainingFiles, type TrainingJob } from '@modelarts-ts/sdk';

/** The folder of this examples package (found from the source or from its built copy in `dist/`). */
export function examplesRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name === '@modelarts-ts/examples') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('cannot find the examples package folder');
    dir = up;
  }
}

/** `examples/training/code`: the training scripts (`train.py`, `train.mjs`). */
export const codeDir = (): string => join(examplesRoot(), 'training', 'code');

/** Where the examples keep their data in OBS. */
export interface Demo {
  bucket: string;
  /** `obs://<bucket>/train/`: the training code. */
  code_dir: string;
  /** `obs://<bucket>/input/`: the training data, a folder of CSV files. */
  input: string;
  /** `obs://<bucket>/dataset-zip/dataset.zip`: the same data as an archive (the manual's data format 1). */
  input_zip: string;
  /** `obs://<bucket>/output/` and `obs://<bucket>/log/`. */
  output: string;
  log: string;
  /** A CPU flavor of this platform (the manual's examples use GPU flavors of the cloud). */
  flavor: string;
}

/** y = 3x + 2 with a little noise: what `train.py` learns. */
export function trainingCsv(n = 40): string {
  let seed = 7;
  const noise = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return (seed / 2147483648 - 0.5) / 5;
  };
  const rows = Array.from({ length: n }, (_, i) => {
    const x = i / 10;
    return `${x},${(3 * x + 2 + noise()).toFixed(4)}`;
  });
  return `x,y\n${rows.join('\n')}\n`;
}

/** Creates the demo bucket and uploads the code and the data (a folder and a zip) to it. Safe to repeat. */
export async function prepareDemo(session: Session, bucket = process.env.EXAMPLES_BUCKET ?? 'modelarts-ts-examples'): Promise<Demo> {
  const demo: Demo = {
    bucket,
    code_dir: `obs://${bucket}/train/`,
    input: `obs://${bucket}/input/`,
    input_zip: `obs://${bucket}/dataset-zip/dataset.zip`,
    output: `obs://${bucket}/output/`,
    log: `obs://${bucket}/log/`,
    flavor: 'modelarts.vm.cpu.2u',
  };
  await session.obs.makeBucket(bucket);
  await session.obs.copy(codeDir(), demo.code_dir, { keep_last_dir: false });
  const work = mkdtempSync(join(tmpdir(), 'ma-examples-'));
  try {
    const data = join(work, 'dataset');
    mkdirSync(data);
    writeFileSync(join(data, 'points.csv'), trainingCsv());
    await session.obs.copy(data, demo.input, { keep_last_dir: false });
    execFileSync('python3', ['-m', 'zipfile', '-c', join(work, 'dataset.zip'), 'points.csv'], { cwd: data });
    await session.obs.copy(join(work, 'dataset.zip'), demo.input_zip);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return demo;
}

/** A unique job name: the examples run again and again on the same platform, and names must be unique. */
export function jobName(base: string): string {
  return `${base}-${Date.now().toString(36)}`;
}

/** A small remote job on the demo data, for the examples that act on an existing job. */
export async function submitDemoJob(
  session: Session,
  demo: Demo,
  o: { name: string; extra?: Array<{ name: string; value?: string | number }> },
): Promise<TrainingJob> {
  const estimator = new Estimator(session, {
    training_files: new TrainingFiles({ code_dir: demo.code_dir, boot_file: 'train.py' }),
    outputs: [new OutputData({ obs_path: `${demo.output}${o.name}/`, name: 'output_dir' })],
    parameters: [{ name: 'epoc_num', value: 50 }, ...(o.extra ?? [])],
    framework_type: 'PyTorch',
    framework_version: 'PyTorch-1.4.0-python3.6',
    train_instance_type: demo.flavor,
    train_instance_count: 1,
  });
  return estimator.fit({ inputs: [new InputData({ obs_path: demo.input, name: 'data_url' })], job_name: jobName(o.name) });
}

/** Runs `example` as a program when this module is the one node started: a ModelArts Local session, the result printed. */
export async function runAsProgram<T>(moduleUrl: string, example: (session: Session) => Promise<T>): Promise<void> {
  const entry = process.argv[1];
  if (!entry || pathToFileURL(entry).href !== moduleUrl) return;
  const session = await Session.local();
  try {
    console.log(inspect(await example(session), { depth: 6, colors: process.stdout.isTTY }));
  } finally {
    await session.close();
  }
}
