"""`modlint init --from-importlinter` / `--from-tach`: a peer's configuration converted into
`[tool.modlint]` text that reports the same direct imports, with comments saying why."""

from modlint.pipeline.migrate.importlinter import convert_importlinter
from modlint.pipeline.migrate.plan import Conversion
from modlint.pipeline.migrate.tach import convert_tach

__all__ = ["Conversion", "convert_importlinter", "convert_tach"]
