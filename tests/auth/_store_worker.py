"""One process of the shared-token-store test (run as a script).

Usage: python _store_worker.py ISSUER_METADATA_URL STORE_DIR CLIENT_ID SECRET GO_FILE
Waits for GO_FILE (so all processes start together), calls userinfo once
through OIDCAuth with the shared store, and prints a JSON result line.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import httpx

from fugaku_auth import ClientCredentials, OIDCAuth, ProviderConfig, TokenStore


def main() -> None:
    metadata_url, store_dir, client_id, secret, go_file = sys.argv[1:6]
    provider = ProviderConfig.discover(metadata_url)
    client = ClientCredentials(client_id, secret)
    auth = OIDCAuth(provider, client, store=TokenStore("shared", store_dir))
    deadline = time.monotonic() + 60
    while not Path(go_file).exists() and time.monotonic() < deadline:
        time.sleep(0.01)
    assert provider.userinfo_endpoint
    with httpx.Client(auth=auth, timeout=30) as http:
        status = http.get(provider.userinfo_endpoint).status_code
    print(json.dumps({"status": status, "refreshes": auth.refresh_count}))


if __name__ == "__main__":
    main()
