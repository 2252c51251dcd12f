"""``model_service.caffe_model_service.CaffeBaseService`` (model type Caffe, legacy).

``self.net`` is built from ``deploy.prototxt`` and the ``.caffemodel`` of ``model_path`` on first use (caffe is
imported only then); the default ``_inference`` feeds each input blob and returns the output blobs as lists.
"""
import os

from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


class CaffeBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(CaffeBaseService, self).__init__(model_name, model_path)
        self._net = None

    @property
    def net(self):
        if self._net is None:
            import caffe  # only when the net is used

            weights = [f for f in sorted(os.listdir(self.model_path)) if f.endswith('.caffemodel')]
            if not weights:
                raise IOError('no .caffemodel file in %s' % self.model_path)
            self._net = caffe.Net(os.path.join(self.model_path, 'deploy.prototxt'), os.path.join(self.model_path, weights[0]), caffe.TEST)
        return self._net

    @net.setter
    def net(self, value):
        self._net = value

    def _inference(self, data):
        net = self.net
        for name, value in data.items():
            net.blobs[name].data[...] = value
        outputs = net.forward()
        return {k: v.tolist() for k, v in outputs.items()}
