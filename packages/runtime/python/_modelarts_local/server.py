"""The HTTP side of the model server: request decoding, the cloud's error bodies, health, keep-alive."""
import collections
import json
import threading
import traceback

try:
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
    from urllib.parse import parse_qsl, urlsplit
except ImportError:  # pragma: no cover
    raise SystemExit('the model server needs Python 3.7 or later')

from metric.metrics_manager import MetricsManager
from model_service.python_model_service import XgSklServingBaseService

from . import logs
from .multipart import FormError, parse_multipart, parse_urlencoded

logger = logs.serverLogger()

MR0101 = {'erno': 'MR.0101', 'msg': 'The input parameter is invalid', 'words_result': {}}
MR0105 = {'erno': 'MR.0105', 'msg': 'Recognition failed', 'words_result': {}}
PY0101 = ('PY.0101', 'The input data is invalid')
PY0105 = ('PY.0105', 'Predict failed')


class RawBody(bytes):
    """The request body handed to XGBoost/sklearn services: ``json.loads(data)`` and ``data.decode()`` work on it as
    on the cloud, and so does mapping access (``data["data"]``) for code written against a parsed body."""

    def _parsed(self):
        value = self.__dict__.get('_json')
        if value is None:
            value = json.loads(self.decode('utf-8'), object_pairs_hook=collections.OrderedDict)
            self.__dict__['_json'] = value
        return value

    def __getitem__(self, key):
        if isinstance(key, str):
            return self._parsed()[key]
        return bytes.__getitem__(self, key)

    def __contains__(self, key):
        if isinstance(key, str):
            parsed = self._parsed()
            return isinstance(parsed, dict) and key in parsed
        return bytes.__contains__(self, key)

    def get(self, key, default=None):
        parsed = self._parsed()
        return parsed.get(key, default) if isinstance(parsed, dict) else default

    def keys(self):
        return self._parsed().keys()

    def items(self):
        return self._parsed().items()

    def values(self):
        return self._parsed().values()


def normalize_path(path):
    if len(path) > 1 and path.endswith('/'):
        path = path.rstrip('/') or '/'
    return path if path.startswith('/') else '/' + path


class App(object):
    """What the handler threads share: the routes, the service once loaded, and the in-flight count."""

    def __init__(self, routes, model_name):
        self.routes = routes
        self.model_name = model_name
        self.service = None
        self.raw_body = False
        self.in_flight = 0
        self.idle = threading.Condition()

    def set_service(self, service):
        self.raw_body = isinstance(service, XgSklServingBaseService)
        self.service = service

    def count(self, name):
        metric = MetricsManager.metrics.get(self.model_name + name)
        if metric is not None:
            metric.update(1)


def routes_from_config(config):
    """``POST /`` always; each ``apis`` entry adds its ``url`` with its ``method`` (default POST)."""
    routes = {'/': set(['POST'])}
    for api in (config or {}).get('apis') or []:
        if not isinstance(api, dict):
            continue
        url = normalize_path(str(api.get('url') or '/'))
        routes.setdefault(url, set()).add(str(api.get('method') or 'POST').upper())
    return routes


class Handler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'ModelArtsLocalModelServer/1.0'
    disable_nagle_algorithm = True
    # Idle keep-alive connections are closed after this many seconds.
    timeout = 200

    def log_message(self, format, *args):  # noqa: A002
        return

    def do_GET(self):  # noqa: N802
        self.dispatch('GET')

    def do_POST(self):  # noqa: N802
        self.dispatch('POST')

    def do_PUT(self):  # noqa: N802
        self.dispatch('PUT')

    def do_DELETE(self):  # noqa: N802
        self.dispatch('DELETE')

    def do_PATCH(self):  # noqa: N802
        self.dispatch('PATCH')

    # -- responses

    def reply(self, status, body, content_type='application/json', extra=None):
        if not isinstance(body, bytes):
            body = json.dumps(body, ensure_ascii=False).encode('utf-8')
        reason = self.responses.get(status, ('',))[0]
        lines = ['HTTP/1.1 %d %s' % (status, reason), 'Content-Type: %s' % content_type, 'Content-Length: %d' % len(body)]
        for k, v in (extra or {}).items():
            lines.append('%s: %s' % (k, v))
        if self.close_connection:
            lines.append('Connection: close')
        # One write: headers and body in the same segment keep keep-alive latency low.
        self.wfile.write(('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1') + body)
        self.wfile.flush()

    # -- request body

    def read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            chunks = []
            while True:
                size_line = self.rfile.readline(65537)
                size = int(size_line.split(b';', 1)[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline(65537) not in (b'\r\n', b'\n', b''):
                        pass
                    return b''.join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline(3)
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length > 0 else b''

    # -- dispatch

    def dispatch(self, method):
        app = self.server.app
        with app.idle:
            app.in_flight += 1
        try:
            self._dispatch(app, method)
        except (OSError, ValueError):
            # The client went away or sent something unreadable: nothing sensible to answer.
            self.close_connection = True
        except Exception:
            logger.error('Request handling failed:\n%s', traceback.format_exc())
            self.close_connection = True
            self.reply(500, MR0105)
        finally:
            with app.idle:
                app.in_flight -= 1
                app.idle.notify_all()

    def _dispatch(self, app, method):
        parts = urlsplit(self.path)
        path = normalize_path(parts.path)
        try:
            body = self.read_body()
        except (ValueError, OSError):
            self.close_connection = True
            return self.reply(400, MR0101)
        if path in ('/health', '/ping') and method == 'GET' and path not in app.routes:
            ping = MetricsManager.metrics.get('PingTotal')
            if ping is not None:
                ping.update(1)
            if app.service is None:
                return self.reply(503, {'status': 'LOADING'})
            return self.reply(200, {'status': 'OK'})
        methods = app.routes.get(path)
        if methods is None:
            return self.reply(404, {'error_code': 'ModelArts.4204', 'error_msg': 'The API does not exist: %s %s' % (method, path)})
        if method not in methods:
            return self.reply(405, {'error_msg': 'Method Not Allowed'}, extra={'Allow': ', '.join(sorted(methods))})
        if app.service is None:
            return self.reply(503, {'error_code': 'ModelArts.4503', 'error_msg': 'The model is still loading'})
        app.count('_Requests')
        query = parse_qsl(parts.query, keep_blank_values=True)
        if app.raw_body:
            return self.predict_raw(app, body)
        return self.predict(app, method, body, query)

    def decode(self, method, body, query):
        content_type = self.headers.get('Content-Type') or ''
        mime = content_type.split(';', 1)[0].strip().lower()
        data = None
        if mime == 'application/json' or mime.endswith('+json'):
            if body.strip():
                try:
                    data = json.loads(body.decode('utf-8'), object_pairs_hook=collections.OrderedDict)
                except ValueError:
                    logger.warning('Request body is not valid JSON')
                    return None
        elif mime == 'multipart/form-data':
            try:
                data = parse_multipart(body, content_type)
            except FormError as e:
                logger.warning('Invalid multipart body: %s', e)
                return None
        elif mime == 'application/x-www-form-urlencoded':
            data = parse_urlencoded(body)
        if not data:
            # A GET API takes its parameters from the query string alone.
            if not (method == 'GET' and query):
                return None
            data = collections.OrderedDict()
        if isinstance(data, dict):
            for k, v in query:
                data[k] = v
        return data

    def predict(self, app, method, body, query):
        data = self.decode(method, body, query)
        if data is None:
            app.count('_Prediction4XX')
            return self.reply(400, MR0101)
        try:
            result = json.dumps(app.service.inference(data), ensure_ascii=False).encode('utf-8')
        except (KeyError, TypeError):
            logger.error('Algorithm crashed!\n%s', traceback.format_exc())
            app.count('_Prediction4XX')
            return self.reply(400, MR0105)
        except Exception:
            logger.error('Algorithm crashed!\n%s', traceback.format_exc())
            app.count('_Prediction5XX')
            return self.reply(500, MR0105)
        return self.reply(200, result)

    def predict_raw(self, app, body):
        def error(status, code, info):
            return self.reply(status, {'erno': code[0], 'msg': code[1], 'error_info': info})

        try:
            parsed = json.loads(body.decode('utf-8'), object_pairs_hook=collections.OrderedDict)
        except ValueError:
            logger.error('Request data must be a JSON string!')
            app.count('_Prediction5XX')
            return error(500, PY0101, traceback.format_exc())
        raw = RawBody(body)
        raw.__dict__['_json'] = parsed
        try:
            data = {'resp_data': app.service.inference(raw)}
            result = {'meta': parsed['meta'], 'data': data} if isinstance(parsed, dict) and 'meta' in parsed else {'data': data}
            payload = json.dumps(result, ensure_ascii=False).encode('utf-8')
        except (KeyError, TypeError):
            logger.error('Predict failed!\n%s', traceback.format_exc())
            app.count('_Prediction4XX')
            return error(400, PY0105, traceback.format_exc())
        except Exception:
            logger.error('Predict failed!\n%s', traceback.format_exc())
            app.count('_Prediction5XX')
            return error(500, PY0105, traceback.format_exc())
        return self.reply(200, payload)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def __init__(self, address, app):
        ThreadingHTTPServer.__init__(self, address, Handler)
        self.app = app
