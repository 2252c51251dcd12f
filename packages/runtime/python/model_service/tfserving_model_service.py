"""``model_service.tfserving_model_service.TfServingBaseService`` (model type TensorFlow).

``model_path`` is the SavedModel folder. ``_preprocess`` must return a dict keyed by the signature's input names;
the default ``_inference`` runs the ``serving_default`` signature (loaded with TensorFlow on first use, in process
instead of through a TF Serving sidecar) and returns ``{output name: nested list}``. tensorflow is imported only then.
"""
import os
import threading

from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


def _saved_model_dir(path):
    if os.path.isfile(os.path.join(path, 'saved_model.pb')):
        return path
    # TF Serving layouts keep the model in numbered version folders; take the highest.
    versions = [d for d in os.listdir(path) if d.isdigit() and os.path.isfile(os.path.join(path, d, 'saved_model.pb'))]
    if versions:
        return os.path.join(path, max(versions, key=int))
    return path


class TfServingBaseService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(TfServingBaseService, self).__init__(model_name, model_path)
        self.model = None
        self.signature_name = 'serving_default'
        self._load_lock = threading.Lock()

    def _signature_fn(self):
        with self._load_lock:
            if self.model is None:
                import tensorflow as tf  # only when the default inference needs it

                self.model = tf.saved_model.load(_saved_model_dir(self.model_path))
            return self.model.signatures[self.signature_name]

    def _inference(self, data):
        import tensorflow as tf

        fn = self._signature_fn()
        specs = fn.structured_input_signature[1]
        inputs = {}
        for name, value in data.items():
            spec = specs.get(name)
            inputs[name] = tf.convert_to_tensor(value, dtype=spec.dtype if spec is not None else None)
        outputs = fn(**inputs)
        return {k: v.numpy().tolist() for k, v in outputs.items()}
