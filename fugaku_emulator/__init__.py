"""Fugaku-in-a-box: the WebAPI and its identity provider on loopback."""
