"""``model_service.pytorch_model_service.PTServingBaseService`` (model type PyTorch).

``model_path`` is the weights file. Subclasses normally load ``self.model`` in ``__init__``; when they do not, the
default ``_inference`` loads ``model_path`` with ``torch.load`` on first use. torch is imported only then.
"""
from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


class PTServingBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(PTServingBaseService, self).__init__(model_name, model_path)
        self.model = None

    def _load_default_model(self):
        import torch  # only when the default inference needs it

        model = torch.load(self.model_path, map_location='cpu')
        if hasattr(model, 'eval'):
            model.eval()
        return model

    def _inference(self, data):
        if self.model is None:
            self.model = self._load_default_model()
        try:
            import torch

            no_grad = torch.no_grad()
        except ImportError:
            no_grad = None
        result = {}
        if no_grad is None:
            for k, v in data.items():
                result[k] = self.model(v)
            return result
        with no_grad:
            for k, v in data.items():
                result[k] = self.model(v)
        return result

    def ping(self):
        return None

    def signature(self):
        return None
