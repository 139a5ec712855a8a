"""Strict pydantic models of spec/fugaku-webapi.yaml (generated; do not edit)."""
