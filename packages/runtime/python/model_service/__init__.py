"""Base classes of ModelArts inference code (customize_service.py), as ModelArts Local provides them.

Framework modules (torch, tensorflow, joblib, xgboost, pyspark) are imported only when a default hook that needs
them actually runs, so a service that overrides those hooks loads without them.
"""
