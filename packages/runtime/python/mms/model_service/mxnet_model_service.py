"""``mms.model_service.mxnet_model_service.MXNetBaseService`` (model type MXNet, legacy).

The default ``_inference`` binds the first ``*-symbol.json`` and its ``*.params`` of ``model_path`` with mxnet on
first use (imported only then) and runs a forward pass over the inputs in order.
"""
import os

from model_service import log
from model_service.model_service import SingleNodeService

logger = log.getLogger(__name__)


class MXNetBaseService(SingleNodeService):
    def __init__(self, model_name, model_path, *args, **kwargs):
        super(MXNetBaseService, self).__init__(model_name, model_path)
        self.mxnet_model = None

    def _load(self):
        import mxnet as mx  # only when the default inference needs it

        symbols = sorted(f for f in os.listdir(self.model_path) if f.endswith('-symbol.json'))
        if not symbols:
            raise IOError('no *-symbol.json file in %s' % self.model_path)
        prefix = os.path.join(self.model_path, symbols[0][: -len('-symbol.json')])
        params = sorted(f for f in os.listdir(self.model_path) if f.startswith(os.path.basename(prefix)) and f.endswith('.params'))
        epoch = int(params[-1][len(os.path.basename(prefix)) + 1 : -len('.params')]) if params else 0
        return mx.model.load_checkpoint(prefix, epoch)

    def _inference(self, data):
        import mxnet as mx

        if self.mxnet_model is None:
            sym, arg_params, aux_params = self._load()
            self.mxnet_model = (sym, arg_params, aux_params)
        sym, arg_params, aux_params = self.mxnet_model
        names = list(data.keys())
        arrays = [mx.nd.array(data[n]) for n in names]
        mod = mx.mod.Module(symbol=sym, data_names=names, label_names=None, context=mx.cpu())
        mod.bind(for_training=False, data_shapes=[(n, a.shape) for n, a in zip(names, arrays)])
        mod.set_params(arg_params, aux_params, allow_missing=True)
        mod.forward(mx.io.DataBatch(arrays), is_train=False)
        return [o.asnumpy().tolist() for o in mod.get_outputs()]
