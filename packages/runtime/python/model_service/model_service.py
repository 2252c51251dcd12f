"""``model_service.model_service``: ``ModelService`` and ``SingleNodeService``, the root of every service class."""
import time
from abc import ABCMeta

from metric.metrics_manager import MetricsManager

from . import log

logger = log.getLogger(__name__)


class ModelService(object):
    """A loaded model answering requests: ``inference(data)`` returns what the client gets, as JSON."""

    __metaclass__ = ABCMeta

    def __init__(self, model_name=None, model_path=None):
        self.model_name = model_name
        self.model_path = model_path
        self.ctx = None

    def inference(self, data):
        raise NotImplementedError('inference is not implemented')

    def ping(self):
        return None

    def signature(self):
        return None


def _elapsed_ms(since):
    return (time.time() - since) * 1000


def _record(name, value):
    metric = MetricsManager.metrics.get(name)
    if metric is not None:
        metric.update(value)


class SingleNodeService(ModelService):
    """One model: ``inference`` runs ``_preprocess`` -> ``_inference`` -> ``_postprocess`` and times each stage."""

    def inference(self, data):
        name = str(getattr(self, 'model_name', None) or 'serve')
        start = time.time()
        data = self._preprocess(data)
        pre_ms = _elapsed_ms(start)
        logger.info('preprocess time: %sms', pre_ms)
        _record(name + '_LatencyPreprocess', pre_ms)

        infer_start = time.time()
        data = self._inference(data)
        infer_ms = _elapsed_ms(infer_start)
        logger.info('infer time: %sms', infer_ms)
        _record(name + '_LatencyInference', infer_ms)

        post_start = time.time()
        data = self._postprocess(data)
        post_ms = _elapsed_ms(post_start)
        logger.info('postprocess time: %sms', post_ms)
        _record(name + '_LatencyPostprocess', post_ms)
        _record(name + '_LatencyOverall', pre_ms + infer_ms + post_ms)
        logger.info('latency: %sms', pre_ms + infer_ms + post_ms)
        return data

    def _preprocess(self, data):
        return data

    def _inference(self, data):
        return data

    def _postprocess(self, data):
        return data
