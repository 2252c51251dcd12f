"""``metric.metrics_manager``: per-model counters and latencies that inference code may update.

Keys follow the cloud's names, ``<model_name>_LatencyPreprocess``, ``_LatencyInference``, ``_LatencyPostprocess``,
``_LatencyOverall``, ``_Requests``, ``_Prediction4XX``, ``_Prediction5XX``, plus ``PingTotal``; code checks
membership before updating, so unknown keys are simply absent.
"""
import threading


class Metric(object):
    def __init__(self, name, unit='ms'):
        self.name = name
        self.unit = unit
        self.count = 0
        self.total = 0.0
        self.last = None
        self._lock = threading.Lock()

    def update(self, metric=1):
        with self._lock:
            self.count += 1
            self.total += metric
            self.last = metric

    @property
    def average(self):
        return self.total / self.count if self.count else 0.0

    def to_dict(self):
        return {'name': self.name, 'unit': self.unit, 'count': self.count, 'total': self.total, 'last': self.last}


class MetricsManager(object):
    metrics = {}

    @staticmethod
    def start(model_name):
        for suffix, unit in (
            ('_LatencyPreprocess', 'ms'),
            ('_LatencyInference', 'ms'),
            ('_LatencyPostprocess', 'ms'),
            ('_LatencyOverall', 'ms'),
            ('_Requests', 'count'),
            ('_Prediction4XX', 'count'),
            ('_Prediction5XX', 'count'),
        ):
            MetricsManager.metrics.setdefault(model_name + suffix, Metric(model_name + suffix, unit))
        MetricsManager.metrics.setdefault('PingTotal', Metric('PingTotal', 'count'))
