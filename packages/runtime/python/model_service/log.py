"""``model_service.log``: the same loggers as the top-level ``log`` module."""
from _modelarts_local.logs import getLogger  # noqa: F401
