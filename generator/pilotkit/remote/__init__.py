"""Task moves, the board and the journal as a compare-and-swap on the pilot's git remote.

`apply` runs a change the way `--push` asks: fetch the remote branch, make the change on
top of it, commit it alone and push without force; on a rejection fetch again and make
it again. `snapshot` gives the remote's files to read (`tasks next --fetch`).
"""

from pilotkit.remote.clone import Commit
from pilotkit.remote.loop import Push, Pushed, Refused, apply, chosen
from pilotkit.remote.snapshot import Snapshot, fetched
from pilotkit.remote.target import RemoteError, Target

__all__ = [
    "Commit",
    "Push",
    "Pushed",
    "Refused",
    "RemoteError",
    "Snapshot",
    "Target",
    "apply",
    "chosen",
    "fetched",
]
