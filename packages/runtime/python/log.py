"""The ``log`` module of ModelArts inference images: ``import log; logger = log.getLogger(__name__)``."""
from _modelarts_local.logs import getLogger  # noqa: F401
