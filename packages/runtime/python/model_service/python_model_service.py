"""``model_service.python_model_service.XgSklServingBaseService`` (model types XGBoost and Scikit_Learn).

These runtimes hand ``_preprocess`` the raw request body (``json.loads(data)`` works on it) and wrap what
``_postprocess`` returns as ``{"data": {"resp_data": ...}}``. ``model_path`` is the model file (``.m``, ``.pkl``,
``.joblib``, ``.model``, ...). joblib/sklearn/xgboost are imported only by the default ``_inference``.
"""
import collections
import json

from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


def _load(model_path):
    try:
        import joblib
    except ImportError:
        joblib = None
        try:
            from sklearn.externals import joblib  # scikit-learn < 0.23
        except ImportError:
            pass
    if joblib is not None:
        try:
            return joblib.load(model_path), False
        except Exception:  # not a joblib/pickle file: try an XGBoost booster
            logger.info('%s is not a joblib file; loading it as an XGBoost booster', model_path)
    import xgboost as xgb

    return xgb.Booster(model_file=model_path), True


class XgSklServingBaseService(SingleNodeService):
    def __init__(self, model_path):
        super(XgSklServingBaseService, self).__init__(None, model_path)
        self._model = None
        self._booster = False

    def _preprocess(self, data):
        rows = []
        body = json.loads(data, object_pairs_hook=collections.OrderedDict)
        for element in body['data']['req_data']:
            rows.append([element[k] for k in element])
        return rows

    def _inference(self, data):
        if self._model is None:
            self._model, self._booster = _load(self.model_path)
        if self._booster:
            import xgboost as xgb

            data = xgb.DMatrix(data)
        result = self._model.predict(data)
        return result.tolist() if hasattr(result, 'tolist') else result

    def _postprocess(self, data):
        return [{'predict_result': element} for element in data]
