# The quickstart's training code (standard library only): fits y = 3x + 2 and saves the model to train_url.
import argparse
import json
import os

parser = argparse.ArgumentParser()
parser.add_argument('--train_url', required=True)
parser.add_argument('--epochs', type=int, default=200)
args, _ = parser.parse_known_args()

points = [(x / 10, 3 * x / 10 + 2) for x in range(20)]
slope, intercept = 0.0, 0.0
for epoch in range(args.epochs):
    grad_s = sum((slope * x + intercept - y) * x for x, y in points) / len(points)
    grad_i = sum(slope * x + intercept - y for x, y in points) / len(points)
    slope, intercept = slope - 0.1 * grad_s, intercept - 0.1 * grad_i
    if epoch % 50 == 0:
        print(f'epoch {epoch}: slope={slope:.3f} intercept={intercept:.3f}', flush=True)

os.makedirs(args.train_url, exist_ok=True)
with open(os.path.join(args.train_url, 'model.json'), 'w') as f:
    json.dump({'slope': slope, 'intercept': intercept}, f)
print(f'trained: y = {slope:.2f}x + {intercept:.2f}', flush=True)
