"""Login-node tools on the sandbox's ``PATH``: pjsub, pjstat, pjdel, mpiexec, id.

``mpiexec`` is a stand-in for Fujitsu MPI's: it starts ``-n`` copies of the
program on this machine (at most 64), each with ``PMIX_RANK`` and
``OMPI_COMM_WORLD_RANK`` set, so that generated job scripts (E12) run.
``id`` and ``whoami`` answer with the emulated account and groups, as on a
login node, instead of the local user's; other ``id`` options go to the real
``id``.
"""

from __future__ import annotations

import sys
from pathlib import Path

__all__ = ["install_tools"]

MAX_RANKS = 64

_PJ_TOOL = """#!{python}
import sys
from fugaku_emulator._pjtools import main
sys.exit(main("{tool}"))
"""

_MPIEXEC = r"""#!/bin/bash
# Fugaku-in-a-box stand-in for mpiexec: runs N copies of the program here.
n=1; stdin=""; stdout=""
while [ $# -gt 0 ]; do
  case "$1" in
    -n|-np) n="$2"; shift 2 ;;
    -stdin) stdin="$2"; shift 2 ;;
    -stdout|-std) stdout="$2"; shift 2 ;;
    -stderr|-of|-ofout|-oferr|-stdout-proc|-stderr-proc|-std-proc) shift 2 ;;
    -*) shift ;;
    *) break ;;
  esac
done
[ "$n" -gt 0 ] 2>/dev/null || n=1
[ "$n" -gt MAX_RANKS ] && n=MAX_RANKS
pids=()
for ((rank = 0; rank < n; rank++)); do
  (
    export PMIX_RANK=$rank OMPI_COMM_WORLD_RANK=$rank OMPI_COMM_WORLD_SIZE=$n
    if [ -n "$stdin" ]; then exec < "$stdin"; fi
    if [ -n "$stdout" ]; then exec >> "$stdout"; fi
    exec "$@"
  ) &
  pids+=($!)
done
code=0
for pid in "${pids[@]}"; do wait "$pid" || code=$?; done
exit $code
""".replace("MAX_RANKS", str(MAX_RANKS))


_ID = """#!/bin/bash
# Fugaku-in-a-box stand-in for id: the emulated account, not the local user.
case "$*" in
  -un|-nu|"-u -n"|"-n -u") echo {account} ;;
  -gn|-ng|"-g -n"|"-n -g") echo {group} ;;
  -Gn|-nG|"-G -n"|"-n -G") echo {groups} ;;
  "") echo "uid=$(/usr/bin/id -u)({account}) gid=$(/usr/bin/id -g)({group})" ;;
  *) exec /usr/bin/id "$@" ;;
esac
"""


def install_tools(directory: Path, account: str, groups: tuple[str, ...] = ()) -> Path:
    """Write the tools into ``directory``; return it (for ``PATH``).

    Args:
        directory: Where the tools go.
        account: The emulated account (``id -un``, ``whoami``).
        groups: Its groups, the primary one first (``id -gn``, ``id -Gn``).
    """
    directory.mkdir(parents=True, exist_ok=True)
    for tool in ("pjsub", "pjstat", "pjdel"):
        _write(directory / tool, _PJ_TOOL.format(python=sys.executable, tool=tool))
    _write(directory / "mpiexec", _MPIEXEC)
    names = groups or (account,)
    _write(
        directory / "id",
        _ID.format(account=account, group=names[0], groups=" ".join(names)),
    )
    _write(directory / "whoami", f"#!/bin/sh\necho {account}\n")
    return directory


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o700)
