"""``model_service.spark_model_service.SparkServingBaseService`` (model type Spark_MLlib).

``model_path`` is the saved ``spark_model`` folder. ``self.spark`` is a local SparkSession created on first use,
so pyspark is needed only by code that touches it.
"""
from . import log
from .model_service import SingleNodeService

logger = log.getLogger(__name__)


class SparkServingBaseService(SingleNodeService):
    def __init__(self, model_path):
        super(SparkServingBaseService, self).__init__(None, model_path)
        self._spark = None

    @property
    def spark(self):
        if self._spark is None:
            from pyspark.sql import SparkSession  # only when the code uses Spark

            self._spark = SparkSession.builder.master('local[*]').appName('modelarts-local-serving').getOrCreate()
        return self._spark

    @spark.setter
    def spark(self, value):
        self._spark = value
