"""OpenID Connect token lifecycle and X.509 settings for the Fugaku WebAPI."""
