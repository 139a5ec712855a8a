"""The HTML login and consent page of the emulated IdP."""

from __future__ import annotations

import html

__all__ = ["login_page"]

_PAGE = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in to op (Fugaku-in-a-box)</title></head>
<body>
<h1>Fugaku-in-a-box: sign in</h1>
<p>Client <code>{client}</code> asks for access with scope <code>{scope}</code>.</p>
<form method="post" action="{action}">
<input type="hidden" name="tx" value="{tx}">
<label>Certificate / account
<select name="account"><option value="{account}">CN={account} (emulator)</option>
</select></label>
<p>Grant the requested access?</p>
<button type="submit" name="decision" value="approve">Yes</button>
<button type="submit" name="decision" value="deny">No</button>
</form>
</body>
</html>
"""


def login_page(*, action: str, tx: str, client: str, scope: str, account: str) -> str:
    """Render the page: pick the certificate (account), then consent."""
    return _PAGE.format(
        action=html.escape(action),
        tx=html.escape(tx),
        client=html.escape(client),
        scope=html.escape(scope),
        account=html.escape(account),
    )
