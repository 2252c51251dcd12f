// Data management benchmark, three parts (`--only=parse,import,list` picks some):
// - parse: a manifest of `--size` (default 1g) through `Manifest.iterateManifest` vs a plain `readline` + `JSON.parse`
//   loop over the same file, each in its own process: lines/s, the ratio, and peak RSS over the process's start.
// - import: `--images` (default 20,000) small images with Pascal VOC files, uploaded with `session.obs.copy`, then
//   imported by creating a dataset on ModelArts Local (its own process): samples/s from create to COMPLETED.
// - list: a dataset of `--samples` (default 100,000) samples (text lines of one combine-format file, so that the store
//   fills without uploading 100,000 files), then `--requests` (default 200) one-page sample lists filtered by a label
//   name, first page and random pages: p50 / p99 ms, against an unfiltered first page.
import { execFileSync } from 'node:child_process';
import { createWriteStream, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Dataset, PascalVoc } from '@modelarts-ts/sdk';
import { sessionFor, startPlatformProcess, stopPlatformProcess } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const MiB = 1024 * 1024;
const GOALS = { parseRatio: 0.8, rssOverMiB: 100, importPerSecond: 1000, listP50Ms: 20 };

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)([kmg]?)i?b?$/i.exec(String(text).trim());
  if (!m) throw new Error(`--size: expected a size such as 1g, 200m or 64m, not ${text}`);
  return Math.round(Number(m[1]) * { '': 1, k: 1024, m: MiB, g: 1024 * MiB }[m[2].toLowerCase()]);
}

function parseArgs(args) {
  const o = { size: 1024 * MiB, images: 20_000, samples: 100_000, requests: 200, only: new Set(['parse', 'import', 'list']) };
  for (const a of args) {
    const [k, v] = a.replace(/^--/, '').split('=');
    if (k === 'size') o.size = parseSize(v);
    else if (k === 'images') o.images = Number(v);
    else if (k === 'samples') o.samples = Number(v);
    else if (k === 'requests') o.requests = Number(v);
    else if (k === 'only') o.only = new Set(v.split(','));
    else throw new Error(`unknown option ${a}: --size=1g --images=20000 --samples=100000 --requests=200 --only=parse,import,list`);
  }
  return o;
}

const percentile = (xs, p) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};
const now = () => performance.now();
const rate = (n, s) => Math.round(n / s).toLocaleString('en-US');

function peakRssMiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

/** A manifest of about `bytes`: object-detection and classification lines in the platform's own shape. */
async function writeManifest(file, bytes) {
  const out = createWriteStream(file);
  let written = 0;
  let i = 0;
  while (written < bytes) {
    const detection = i % 2 === 0;
    const line = `${JSON.stringify({
      id: `${(i * 2654435761).toString(16).padStart(32, '0').slice(-32)}`,
      source: `obs://bench-bucket/images/dir-${i % 97}/IMG_${String(i).padStart(9, '0')}.jpg`,
      usage: i % 5 === 0 ? 'EVAL' : 'TRAIN',
      annotation: detection
        ? [
            {
              type: 'modelarts/object_detection',
              'annotation-loc': `obs://bench-bucket/images/dir-${i % 97}/IMG_${String(i).padStart(9, '0')}.xml`,
              'annotation-format': 'PASCAL VOC',
              'annotated-by': 'human',
              'creation-time': '2020-12-16 21:36:27',
            },
          ]
        : [
            {
              type: 'modelarts/image_classification',
              name: ['cat', 'dog', 'bird'][i % 3],
              'annotated-by': 'human',
              'creation-time': '2020-12-16 21:36:27',
              confidence: 0.8,
            },
          ],
    })}\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
    written += line.length;
    i++;
  }
  await new Promise((r) => out.end(r));
  return i;
}

function parseWorker(mode, file) {
  const out = execFileSync(process.execPath, [join(here, 'parse-worker.mjs'), mode, file], { encoding: 'utf8', maxBuffer: MiB });
  return JSON.parse(out.trim().split('\n').at(-1));
}

async function benchParse(o, root) {
  const file = join(root, 'bench.manifest');
  const t = now();
  const lines = await writeManifest(file, o.size);
  console.log(
    `\n## manifest parse: ${(statSync(file).size / MiB).toFixed(0)} MiB, ${lines.toLocaleString('en-US')} lines (written in ${((now() - t) / 1000).toFixed(1)} s)`,
  );
  // One warm-up pass of each reads the file into the page cache; then plain, sdk, plain, sdk.
  parseWorker('plain', file);
  const runs = { plain: [], sdk: [] };
  for (let i = 0; i < 2; i++) for (const mode of ['plain', 'sdk']) runs[mode].push(parseWorker(mode, file));
  const best = (mode) => runs[mode].reduce((a, b) => (a.seconds <= b.seconds ? a : b));
  for (const mode of ['plain', 'sdk']) {
    const r = best(mode);
    if (r.lines !== lines) throw new Error(`${mode} read ${r.lines} lines, not ${lines}`);
    const name = mode === 'sdk' ? 'Manifest.iterateManifest' : 'readline + JSON.parse';
    console.log(
      `${name.padEnd(26)} ${rate(r.lines, r.seconds).padStart(11)} lines/s  ${(o.size / MiB / r.seconds).toFixed(0).padStart(4)} MiB/s   peak RSS ${r.peakRssMiB.toFixed(0)} MiB (${(r.peakRssMiB - r.startRssMiB).toFixed(0)} MiB over its start)`,
    );
  }
  const ratio = best('plain').seconds / best('sdk').seconds;
  const over = best('sdk').peakRssMiB - best('sdk').startRssMiB;
  console.log(
    `ratio ${ratio.toFixed(2)}x the plain loop (goal >= ${GOALS.parseRatio}x: ${ratio >= GOALS.parseRatio ? 'met' : 'missed'}); RSS growth ${over.toFixed(0)} MiB (goal < ${GOALS.rssOverMiB} MiB: ${over < GOALS.rssOverMiB ? 'met' : 'missed'})`,
  );
  rmSync(file, { force: true });
}

/** Small bytes that start like a JPEG: data management does not decode images. */
const jpeg = (i) => Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(1020, i % 251)]);

async function waitImport(dataset, taskId) {
  for (;;) {
    const t = await dataset.getImportTaskInfo(taskId);
    if (t.status === 'COMPLETED' || t.status === 'FAILED') return t;
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function benchImport(o, root, session, child) {
  const dir = join(root, 'voc');
  mkdirSync(dir);
  for (let i = 0; i < o.images; i++) {
    const stem = `IMG_${String(i).padStart(6, '0')}`;
    writeFileSync(join(dir, `${stem}.jpg`), jpeg(i));
    const voc = new PascalVoc({
      folder: 'voc',
      file_name: `${stem}.jpg`,
      width: 640,
      height: 480,
      depth: 3,
      segmented: '0',
      voc_objects: [
        {
          name: ['car', 'person', 'bike'][i % 3],
          pose: 'Unspecified',
          truncated: '0',
          difficult: '0',
          position: { type: 'bndbox', xmin: 10, ymin: 20, xmax: 110, ymax: 220 },
        },
        { name: 'sign', pose: 'Unspecified', truncated: '0', difficult: '0', position: { type: 'bndbox', xmin: 300, ymin: 40, xmax: 330, ymax: 90 } },
      ],
    });
    writeFileSync(join(dir, `${stem}.xml`), voc.toXml());
  }
  let t = now();
  await session.obs.copy(dir, 'obs://bench-datasets/voc/', { keep_last_dir: false });
  console.log(
    `\n## import: ${o.images.toLocaleString('en-US')} images with Pascal VOC files (uploaded in ${((now() - t) / 1000).toFixed(1)} s with session.obs.copy)`,
  );
  rmSync(dir, { recursive: true, force: true });
  t = now();
  const created = await Dataset.createDataset(session, {
    dataset_name: 'bench-voc',
    data_type: 'IMAGE',
    data_sources: { path: '/bench-datasets/voc/', annotation_config: { scene: 'object_detection', format_name: 'ModelArts PASCAL VOC 1.0' } },
    work_path: { path: '/bench-datasets/work/' },
  });
  const task = await waitImport(new Dataset(session, created.dataset_id), created.import_task_id);
  const seconds = (now() - t) / 1000;
  if (task.status !== 'COMPLETED' || task.imported_sample_count !== o.images)
    throw new Error(`import ended ${task.status} with ${task.imported_sample_count} samples`);
  const perSecond = o.images / seconds;
  console.log(
    `create → COMPLETED ${seconds.toFixed(2)} s: ${rate(o.images, seconds)} samples/s, ${task.annotated_sample_count.toLocaleString('en-US')} labelled (goal >= ${GOALS.importPerSecond.toLocaleString('en-US')}/s: ${perSecond >= GOALS.importPerSecond ? 'met' : 'missed'}); platform peak RSS ${peakRssMiB(child.pid).toFixed(0)} MiB`,
  );
}

async function benchList(o, root, session) {
  const labels = Array.from({ length: 10 }, (_, i) => `label_${i}`);
  const dir = join(root, 'text');
  mkdirSync(dir);
  const out = createWriteStream(join(dir, 'lines.txt'));
  for (let i = 0; i < o.samples; i++) {
    const line = `sample text number ${i}\t${labels[i % labels.length]}\n`;
    if (!out.write(line)) await new Promise((r) => out.once('drain', r));
  }
  await new Promise((r) => out.end(r));
  await session.obs.copy(dir, 'obs://bench-datasets/text/', { keep_last_dir: false });
  rmSync(dir, { recursive: true, force: true });
  let t = now();
  const created = await Dataset.createDataset(session, {
    dataset_name: 'bench-list',
    data_type: 'TEXT',
    data_sources: {
      path: '/bench-datasets/text/',
      annotation_config: { scene: 'text_classification', format_name: 'ModelArts text classification combine 1.0' },
    },
    work_path: { path: '/bench-datasets/work-text/' },
  });
  const dataset = new Dataset(session, created.dataset_id);
  const task = await waitImport(dataset, created.import_task_id);
  if (task.imported_sample_count !== o.samples) throw new Error(`the list dataset has ${task.imported_sample_count} samples, not ${o.samples}`);
  console.log(
    `\n## sample list: ${o.samples.toLocaleString('en-US')} samples, ${labels.length} labels (imported in ${((now() - t) / 1000).toFixed(1)} s); ${o.requests} requests each, limit 10`,
  );
  const perLabel = o.samples / labels.length;
  const cases = [
    ['no filter, first page', () => ({})],
    ['label_name, first page', (i) => ({ label_name: labels[i % labels.length] })],
    ['label_name, random page', (i) => ({ label_name: labels[i % labels.length], offset: Math.floor(Math.random() * (perLabel / 10)) })],
  ];
  await dataset.listSamples({ label_name: labels[0] });
  const p50s = {};
  for (const [name, query] of cases) {
    const ms = [];
    for (let i = 0; i < o.requests; i++) {
      t = now();
      const page = await dataset.listSamples(query(i));
      ms.push(now() - t);
      if (page.samples.length === 0) throw new Error(`${name}: an empty page`);
    }
    p50s[name] = percentile(ms, 50);
    console.log(`${name.padEnd(24)} p50 ${percentile(ms, 50).toFixed(1).padStart(6)} ms   p99 ${percentile(ms, 99).toFixed(1).padStart(6)} ms`);
  }
  const filtered = p50s['label_name, first page'];
  console.log(
    `label filter vs no filter (p50): ${(filtered / p50s['no filter, first page']).toFixed(2)}x; goal p50 < ${GOALS.listP50Ms} ms: ${filtered < GOALS.listP50Ms ? 'met' : 'missed'}`,
  );
}

export async function run(args) {
  const o = parseArgs(args);
  const root = mkdtempSync(join(process.env.BENCH_TMP ?? tmpdir(), 'bench-datasets-'));
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')}`,
  );
  try {
    if (o.only.has('parse')) await benchParse(o, root);
    if (!o.only.has('import') && !o.only.has('list')) return;
    const { child, endpoint } = await startPlatformProcess(join(root, 'data'));
    try {
      const creds = JSON.parse(readFileSync(join(root, 'data', 'credentials.json'), 'utf8'));
      const session = sessionFor(creds, endpoint);
      await session.obs.makeBucket('bench-datasets');
      if (o.only.has('import')) await benchImport(o, root, session, child);
      if (o.only.has('list')) await benchList(o, root, session);
      await session.close();
    } finally {
      await stopPlatformProcess(child);
    }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
