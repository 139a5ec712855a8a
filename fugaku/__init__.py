"""Python SDK for RIKEN's Fugaku WebAPI."""
