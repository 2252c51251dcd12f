"""A small real training script (standard library only): fits y = w*x + b to the CSV files of --data_url by
gradient descent and writes model.json to the output channel. Runs the same on ModelArts, ModelArts Local and in
the SDK's local mode; in a distributed job each worker trains on its shard and writes its rank."""
import argparse
import csv
import io
import json
import os
import socket
import sys
import time
import zipfile


def read_points(path):
    """(x, y) rows of every CSV file under `path` (a folder or one file), including CSVs inside .zip archives: a remote
    job gets an archive as it is, while the SDK's local mode unpacks it."""
    files = []
    if os.path.isfile(path):
        files = [path]
    else:
        for root, _dirs, names in os.walk(path):
            files += [os.path.join(root, n) for n in sorted(names)]
    points = []
    for f in sorted(files):
        if f.endswith('.zip'):
            with zipfile.ZipFile(f) as z:
                for name in sorted(n for n in z.namelist() if n.endswith('.csv')):
                    with z.open(name) as fh:
                        points += parse_rows(io.TextIOWrapper(fh, encoding='utf-8', newline=''))
        elif f.endswith('.csv'):
            with open(f, newline='') as fh:
                points += parse_rows(fh)
    return points


def parse_rows(fh):
    return [(float(row['x']), float(row['y'])) for row in csv.DictReader(fh)]


def average_over_workers(rank, world, w, b, n):
    """A tiny all-reduce over TCP: worker 0 listens on MASTER_ADDR:MASTER_PORT, the others send their weights."""
    addr = os.environ['MASTER_ADDR']
    port = int(os.environ['MASTER_PORT'])
    if rank == 0:
        srv = socket.create_server((addr, port))
        srv.settimeout(60)
        parts = [(w, b, n)]
        for _ in range(world - 1):
            conn, _peer = srv.accept()
            with conn:
                data = b''
                while not data.endswith(b'\n'):
                    chunk = conn.recv(4096)
                    if not chunk:
                        break
                    data += chunk
                m = json.loads(data)
                parts.append((m['w'], m['b'], m['n']))
        srv.close()
        total = sum(p[2] for p in parts)
        return sum(p[0] * p[2] for p in parts) / total, sum(p[1] * p[2] for p in parts) / total, len(parts)
    deadline = time.time() + 60
    while True:
        try:
            with socket.create_connection((addr, port), timeout=5) as conn:
                conn.sendall((json.dumps({'w': w, 'b': b, 'n': n}) + '\n').encode())
            return w, b, 0
        except OSError:
            if time.time() > deadline:
                raise
            time.sleep(0.2)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument('--data_url', required=True)
    parser.add_argument('--output_dir', '--train_url', dest='output_dir', required=True)
    parser.add_argument('--epoc_num', '--epochs', dest='epochs', type=int, default=200)
    parser.add_argument('--lr', type=float, default=0.05)
    parser.add_argument('--mod', default='cpu')
    parser.add_argument('--dist', action='store_true')
    parser.add_argument('--fail_with', type=int, default=0)
    parser.add_argument('--sleep', type=float, default=0)
    args, unknown = parser.parse_known_args()

    rank = int(os.environ.get('RANK', os.environ.get('VC_TASK_INDEX', '0')))
    world = int(os.environ.get('WORLD_SIZE', os.environ.get('MA_NUM_HOSTS', '1')))
    print(f'worker {rank}/{world} mod={args.mod} dist={args.dist} data={args.data_url} unknown={unknown}', flush=True)
    points = read_points(args.data_url)
    if not points:
        print(f'no training data under {args.data_url}', file=sys.stderr)
        return 2
    shard = points[rank::world] if args.dist else points
    print(f'training on {len(shard)} of {len(points)} points for {args.epochs} epochs', flush=True)

    w, b = 0.0, 0.0
    n = float(len(shard))
    loss = 0.0
    for epoch in range(args.epochs):
        gw = sum(2 * (w * x + b - y) * x for x, y in shard) / n
        gb = sum(2 * (w * x + b - y) for x, y in shard) / n
        w -= args.lr * gw
        b -= args.lr * gb
        loss = sum((w * x + b - y) ** 2 for x, y in shard) / n
        if epoch % max(1, args.epochs // 5) == 0 or epoch == args.epochs - 1:
            print(f'epoch {epoch} loss {loss:.6f}', flush=True)

    averaged_over = 1
    if args.dist and world > 1:
        w, b, averaged_over = average_over_workers(rank, world, w, b, len(shard))
        print(f'worker {rank}: ' + (f'weights averaged over {averaged_over} workers' if rank == 0 else 'weights sent to worker 0'), flush=True)

    os.makedirs(args.output_dir, exist_ok=True)
    model = {
        'w': w,
        'b': b,
        'loss': loss,
        'epochs': args.epochs,
        'points': len(shard),
        'rank': rank,
        'world_size': world,
        'averaged_over': averaged_over,
        'env': {k: os.environ.get(k) for k in ('MA_NUM_HOSTS', 'VC_TASK_INDEX', 'VC_WORKER_NUM', 'VC_WORKER_HOSTS', 'MASTER_ADDR', 'MASTER_PORT', 'RANK', 'WORLD_SIZE')},
    }
    name = 'model.json' if rank == 0 else f'model-rank-{rank}.json'
    with open(os.path.join(args.output_dir, name), 'w') as fh:
        json.dump(model, fh)
    print(f'wrote {name}: w={w:.3f} b={b:.3f}', flush=True)

    deadline = time.time() + args.sleep
    while time.time() < deadline:
        print('still training', flush=True)
        time.sleep(0.5)
    if args.fail_with:
        print(f'failing on purpose with exit code {args.fail_with}', file=sys.stderr, flush=True)
        return args.fail_with
    return 0


if __name__ == '__main__':
    sys.exit(main())
