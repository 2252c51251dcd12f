"""Finds and constructs the service class of a model folder, the way inference images do."""
import importlib.util
import inspect
import os
import sys

from model_service.model_service import ModelService
from model_service.python_model_service import XgSklServingBaseService

SCRIPT = 'customize_service.py'

# Which file `model_path` names, per model type; other types get the model folder itself.
_MODEL_FILE_EXTENSIONS = {
    'PyTorch': ('.pth', '.pt', '.pkl', '.ckpt', '.bin'),
    'XGBoost': ('.m', '.model', '.bst', '.ubj', '.json', '.pkl', '.joblib'),
    'Scikit_Learn': ('.m', '.pkl', '.joblib', '.model'),
}

_OWN_MODULES = ('model_service', 'mms', 'metric', '_modelarts_local', 'log')


class ServiceLoadError(Exception):
    pass


def model_path_for(model_dir, model_type):
    if model_type == 'Spark_MLlib':
        spark = os.path.join(model_dir, 'spark_model')
        return spark if os.path.isdir(spark) else model_dir
    extensions = _MODEL_FILE_EXTENSIONS.get(model_type)
    if not extensions:
        return model_dir
    names = sorted(n for n in os.listdir(model_dir) if n != 'config.json' and os.path.isfile(os.path.join(model_dir, n)))
    for ext in extensions:
        for n in names:
            if n.lower().endswith(ext):
                return os.path.join(model_dir, n)
    return model_dir


def _default_class(model_type):
    if model_type == 'TensorFlow':
        from model_service.tfserving_model_service import TfServingBaseService

        return TfServingBaseService
    if model_type in ('XGBoost', 'Scikit_Learn'):
        return XgSklServingBaseService
    if model_type == 'PyTorch':
        from model_service.pytorch_model_service import PTServingBaseService

        return PTServingBaseService
    raise ServiceLoadError('%s is missing: model type %s needs inference code' % (SCRIPT, model_type or '(unknown)'))


def _is_ours(cls):
    module = cls.__module__ or ''
    return any(module == m or module.startswith(m + '.') for m in _OWN_MODULES)


def _load_module(path):
    spec = importlib.util.spec_from_file_location('customize_service', path)
    module = importlib.util.module_from_spec(spec)
    sys.modules['customize_service'] = module
    spec.loader.exec_module(module)
    return module


def find_service_class(model_dir, model_type):
    script = os.path.join(model_dir, SCRIPT)
    if not os.path.isfile(script):
        return _default_class(model_type)
    module = _load_module(script)
    # The user's class is the service class without subclasses of its own; helper classes and the imported bases
    # (which have the user's class as a subclass) drop out.
    leaves = [
        c
        for _, c in inspect.getmembers(module, inspect.isclass)
        if issubclass(c, ModelService) and not _is_ours(c) and not c.__subclasses__()
    ]
    if len(leaves) != 1:
        found = ', '.join(sorted(c.__name__ for c in leaves)) or 'none'
        raise ServiceLoadError(
            '%s must define exactly one service class derived from a model_service base class (found: %s)' % (SCRIPT, found)
        )
    return leaves[0]


def _positional_count(cls):
    try:
        params = list(inspect.signature(cls.__init__).parameters.values())[1:]
    except (TypeError, ValueError):
        return 2
    if any(p.kind == p.VAR_POSITIONAL for p in params):
        return 2
    return len([p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD) and p.default is p.empty])


def construct(cls, model_name, model_path):
    """By the constructor's arity: XGBoost/sklearn and Spark bases take ``(model_path)``, the others ``(model_name, model_path)``."""
    count = _positional_count(cls)
    if count >= 2:
        service = cls(model_name, model_path)
    elif count == 1:
        service = cls(model_path)
    else:
        service = cls()
    # Code whose __init__ skips the base constructor still finds these, as on the cloud.
    if getattr(service, 'model_path', None) is None:
        service.model_path = model_path
    if getattr(service, 'model_name', None) is None:
        service.model_name = model_name
    return service


def load_service(model_dir, model_type, model_name):
    if model_dir not in sys.path:
        sys.path.append(model_dir)
    cls = find_service_class(model_dir, model_type)
    return construct(cls, model_name, model_path_for(model_dir, model_type))
