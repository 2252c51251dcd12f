"""``model_service.hiai_model_service.HiaiBaseService`` (Ascend, legacy).

Ascend chips are not available to ModelArts Local: the class loads so that code importing it starts, and the
default ``_inference`` raises; services that implement ``_inference`` themselves run as usual.
"""
from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


class HiaiBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(HiaiBaseService, self).__init__(model_name, model_path)

    def _inference(self, data):
        raise RuntimeError('HiaiBaseService: Ascend inference is not available on ModelArts Local; implement _inference')
