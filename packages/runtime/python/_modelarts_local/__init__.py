"""Internals of the ModelArts Local model server; not part of the user-facing API."""
