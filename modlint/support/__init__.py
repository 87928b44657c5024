"""Foundation helpers every other package may use: atomic writes, the one reader of project
files, paths and text as shown to people. It imports nothing from modlint."""

from modlint.support.atomic import (
    OutsideProject,
    final_target,
    remove_dead_runs_temporaries,
    remove_stale_temporaries,
    write_atomically,
    write_replacing_links,
)
from modlint.support.escape import json_document, printable, printable_block
from modlint.support.paths import display_path, linked_out, relative
from modlint.support.reading import Reason, Unread, not_regular, open_regular, read_regular_file

__all__ = [
    "OutsideProject",
    "Reason",
    "Unread",
    "display_path",
    "final_target",
    "json_document",
    "linked_out",
    "not_regular",
    "open_regular",
    "printable",
    "printable_block",
    "read_regular_file",
    "relative",
    "remove_dead_runs_temporaries",
    "remove_stale_temporaries",
    "write_atomically",
    "write_replacing_links",
]
