"""Inference code of the linear model y = w * x + b (standard library only).

Requests: JSON `{"data": {"req_data": [{"x": 1.5}, ...]}}`, or files (multipart, any field) holding x values, one per
line (a CSV's first column; a header line is skipped). Answer: `{"data": {"resp_data": [{"x": ..., "predict_result": ...}]}}`.
"""
import json
import os

from model_service.model_service import SingleNodeService


class LinearService(SingleNodeService):
    def __init__(self, model_name, model_path):
        super(LinearService, self).__init__(model_name, model_path)
        with open(os.path.join(self.model_path, 'model.json')) as f:
            weights = json.load(f)
        self.w = float(weights['w'])
        self.b = float(weights['b'])

    def _preprocess(self, data):
        if isinstance(data.get('data'), dict):
            return [float(row['x']) for row in data['data']['req_data']]
        xs = []
        for files in data.values():
            if not isinstance(files, dict):
                continue
            for f in files.values():
                for line in f.read().decode('utf-8').splitlines():
                    cell = line.split(',')[0].strip()
                    try:
                        xs.append(float(cell))
                    except ValueError:
                        pass  # a header line
        return xs

    def _inference(self, xs):
        return [(x, self.w * x + self.b) for x in xs]

    def _postprocess(self, pairs):
        return {'data': {'resp_data': [{'x': x, 'predict_result': round(y, 4)} for x, y in pairs]}}
