"""Typed content model. No I/O here: the loader builds these objects from YAML."""
