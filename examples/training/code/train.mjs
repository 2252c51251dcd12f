// The Node twin of train.py: fits y = w*x + b to the CSV files of --data_url and writes model.json to --output_dir.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const args = Object.fromEntries(
  process.argv
    .slice(2)
    .filter((a) => a.startsWith('--'))
    .map((a) => {
      const i = a.indexOf('=');
      return i < 0 ? [a.slice(2), 'true'] : [a.slice(2, i), a.slice(i + 1)];
    }),
);
const dataUrl = args.data_url;
const outputDir = args.output_dir ?? args.train_url;
if (!dataUrl || !outputDir) {
  console.error('usage: train.mjs --data_url=DIR --output_dir=DIR [--epochs=N]');
  process.exit(2);
}
const files = statSync(dataUrl).isFile()
  ? [dataUrl]
  : readdirSync(dataUrl, { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => join(dataUrl, f));
const points = files.flatMap((f) =>
  readFileSync(f, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(',').map(Number)),
);
console.log(`node ${process.version} training on ${points.length} points`);
const epochs = Number(args.epochs ?? args.epoc_num ?? 200);
const lr = Number(args.lr ?? 0.05);
let w = 0;
let b = 0;
let loss = 0;
for (let e = 0; e < epochs; e++) {
  let gw = 0;
  let gb = 0;
  for (const [x, y] of points) {
    gw += (2 * (w * x + b - y) * x) / points.length;
    gb += (2 * (w * x + b - y)) / points.length;
  }
  w -= lr * gw;
  b -= lr * gb;
  loss = points.reduce((s, [x, y]) => s + (w * x + b - y) ** 2, 0) / points.length;
  if (e % Math.max(1, Math.floor(epochs / 5)) === 0 || e === epochs - 1) console.log(`epoch ${e} loss ${loss.toFixed(6)}`);
}
mkdirSync(outputDir, { recursive: true });
writeFileSync(join(outputDir, 'model.json'), JSON.stringify({ w, b, loss, epochs, points: points.length, runtime: 'node' }));
console.log(`wrote model.json: w=${w.toFixed(3)} b=${b.toFixed(3)}`);
