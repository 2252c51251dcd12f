"""ModelArts Local model server: serves one model folder (config.json, customize_service.py) over HTTP.

    python model_server.py --model-dir <model/> [--host 127.0.0.1] [--port 0] [--model-name serve] [--control-fd 3]

Binds first (port 0 picks a free port), then loads the service; ``GET /health`` answers 503 until it is loaded,
then 200. With ``--control-fd`` it writes JSON lines there: ``{"event": "listening", "port": N}``, then
``{"event": "ready"}`` or ``{"event": "failed", "message": ...}``. With ``--exit-with-stdin`` it exits when stdin
reaches end of file, i.e. when the process that started it is gone. SIGTERM stops accepting, lets requests in flight
finish (up to ``MODEL_SERVER_DRAIN_SECONDS``, default 10) and exits 0.
"""
import argparse
import json
import os
import signal
import sys
import threading
import time
import traceback

sys.dont_write_bytecode = True

from _modelarts_local import logs  # noqa: E402
from _modelarts_local.loader import load_service  # noqa: E402
from _modelarts_local.server import App, Server, routes_from_config  # noqa: E402
from metric.metrics_manager import MetricsManager  # noqa: E402

logger = logs.serverLogger()


class Control(object):
    def __init__(self, fd):
        self.stream = os.fdopen(fd, 'w', buffering=1) if fd is not None else None

    def send(self, event, **fields):
        if self.stream is None:
            return
        fields['event'] = event
        try:
            self.stream.write(json.dumps(fields) + '\n')
        except (OSError, ValueError):
            pass


def exit_when_stdin_closes():
    # The launcher holds the other end of stdin: EOF means it died, and an orphaned server must not keep its port.
    try:
        # os.read, not sys.stdin: a daemon thread blocked in a buffered reader aborts interpreter shutdown.
        while os.read(0, 65536):
            pass
    except (OSError, ValueError):
        pass
    os._exit(0)


def read_config(model_dir):
    path = os.path.join(model_dir, 'config.json')
    if not os.path.isfile(path):
        return {}
    with open(path, 'rb') as f:
        config = json.loads(f.read().decode('utf-8-sig'))
    return config if isinstance(config, dict) else {}


def main(argv=None):
    parser = argparse.ArgumentParser(description='ModelArts Local model server')
    parser.add_argument('--model-dir', required=True)
    parser.add_argument('--host', default='127.0.0.1')
    parser.add_argument('--port', type=int, default=0)
    parser.add_argument('--model-name', default='serve')
    parser.add_argument('--model-type', default=None, help='overrides config.json model_type')
    parser.add_argument('--control-fd', type=int, default=None)
    parser.add_argument('--exit-with-stdin', action='store_true', help='exit when stdin closes (the launcher is gone)')
    args = parser.parse_args(argv)
    control = Control(args.control_fd)
    if args.exit_with_stdin:
        threading.Thread(target=exit_when_stdin_closes, name='parent-watch', daemon=True).start()
    model_dir = os.path.abspath(args.model_dir)

    try:
        config = read_config(model_dir)
    except (OSError, ValueError) as e:
        message = 'config.json cannot be read: %s' % e
        logger.error(message)
        control.send('failed', message=message)
        return 1
    model_type = args.model_type or config.get('model_type')
    app = App(routes_from_config(config), args.model_name)
    MetricsManager.start(args.model_name)
    server = Server((args.host, args.port), app)
    port = server.server_address[1]
    stop = threading.Event()

    def on_signal(signum, frame):
        if app.service is None:
            os._exit(128 + signum)
        stop.set()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    threading.Thread(target=server.serve_forever, name='http', daemon=True).start()
    control.send('listening', port=port)
    logger.info('Model server listening on http://%s:%d (model type %s, folder %s)', args.host, port, model_type, model_dir)

    started = time.time()
    try:
        service = load_service(model_dir, model_type, args.model_name)
    except BaseException as e:  # noqa: B036 (SystemExit from user code is a failed load too)
        logger.error('Loading the model service failed:\n%s', traceback.format_exc())
        control.send('failed', message='%s: %s' % (type(e).__name__, e))
        server.shutdown()
        return 1
    app.set_service(service)
    logger.info('Model service %s loaded in %.0f ms', type(service).__name__, (time.time() - started) * 1000)
    control.send('ready', port=port)

    while not stop.wait(1.0):
        pass
    server.shutdown()
    deadline = time.time() + float(os.environ.get('MODEL_SERVER_DRAIN_SECONDS', '10'))
    with app.idle:
        while app.in_flight > 0 and time.time() < deadline:
            app.idle.wait(max(0.0, deadline - time.time()))
    server.server_close()
    logger.info('Model server stopped')
    return 0


if __name__ == '__main__':
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    # Daemon threads (idle keep-alive connections, the stdin watch) must not delay or break the exit.
    os._exit(code)
