import logging
import os
import sys

_FORMAT = '%(asctime)s %(levelname)s [%(name)s] %(message)s'
_configured = False


def _configure():
    global _configured
    if _configured:
        return
    _configured = True
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root = logging.getLogger()
    root.addHandler(handler)
    # Inference images log WARNING and above unless the user code sets a level itself.
    root.setLevel(os.environ.get('MODEL_LOG_LEVEL', 'WARNING').upper())


def getLogger(name=None):  # noqa: N802 (the cloud's spelling)
    _configure()
    return logging.getLogger(name)


def serverLogger():  # noqa: N802
    """The server's own logger: INFO, whatever level the user's loggers have."""
    _configure()
    logger = logging.getLogger('model_server')
    logger.setLevel(logging.INFO)
    return logger
