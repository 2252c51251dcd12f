"""Fits y = w * x + b to the CSV files of --data_url (least squares, standard library only) and writes a ModelArts
model package to --train_url: model/model.json (the weights), model/config.json and model/customize_service.py
(copied from package/ beside this script)."""
import argparse
import csv
import json
import os
import shutil

parser = argparse.ArgumentParser()
parser.add_argument('--data_url', required=True)
parser.add_argument('--train_url', required=True)
args, _ = parser.parse_known_args()

xs, ys = [], []
for name in sorted(os.listdir(args.data_url)):
    if not name.endswith('.csv'):
        continue
    with open(os.path.join(args.data_url, name)) as f:
        for row in csv.DictReader(f):
            xs.append(float(row['x']))
            ys.append(float(row['y']))
n = len(xs)
mx, my = sum(xs) / n, sum(ys) / n
w = sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sum((x - mx) ** 2 for x in xs)
b = my - w * mx
print('fitted y = %.4f * x + %.4f on %d points' % (w, b, n), flush=True)

model_dir = os.path.join(args.train_url, 'model')
os.makedirs(model_dir, exist_ok=True)
with open(os.path.join(model_dir, 'model.json'), 'w') as f:
    json.dump({'w': w, 'b': b, 'points': n}, f)
here = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'package')
for name in ('config.json', 'customize_service.py'):
    shutil.copy(os.path.join(here, name), os.path.join(model_dir, name))
print('wrote the model package to %s' % model_dir, flush=True)
