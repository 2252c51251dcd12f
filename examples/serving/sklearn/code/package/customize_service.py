"""Iris species from four measurements. The base class parses `{"data": {"req_data": [{...}, ...]}}` (the values of
each row, in order), loads model.pkl with joblib and predicts; this class names the predicted classes."""
from model_service.python_model_service import XgSklServingBaseService

SPECIES = ['setosa', 'versicolor', 'virginica']


class IrisService(XgSklServingBaseService):
    def _postprocess(self, data):
        return [{'predict_result': SPECIES[int(c)], 'class': int(c)} for c in data]
