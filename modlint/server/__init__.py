"""`modlint server`: a Language Server that publishes modlint's diagnostics while you type.

The session logic (``modlint.server.session``) is plain Python and needs nothing beyond
modlint; the protocol side (``modlint.server.protocol``) needs the optional `server` extra
(pygls and lsprotocol): import it only to start the server.
"""

from __future__ import annotations

from modlint.server.session import Outcome, Session, buffer_path, changed_files

__all__ = ["Outcome", "Session", "buffer_path", "changed_files"]
