"""Which rule codes are enabled: `select`, `extend-select` and `ignore`, with ruff's rules of
specificity (the longest matching selector wins; on a tie `ignore` wins)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from modlint.configuration import closest
from modlint.model import UsageError
from modlint.rules import RULES

if TYPE_CHECKING:
    from modlint.model import Config


@dataclass(frozen=True)
class Selection:
    """Selectors given on the command line; ``select`` replaces the configuration's."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()


def validate_selectors(selectors: tuple[str, ...], where: str) -> None:
    """UsageError naming ``where`` for a selector that matches no rule code."""
    codes = [rule.code for rule in RULES]
    for selector in selectors:
        if selector != "ALL" and not any(code.startswith(selector) for code in codes):
            raise UsageError(
                f"{where}: unknown rule selector '{selector}'{closest(selector, codes)}"
            )


def matching_length(code: str, selectors: tuple[str, ...]) -> int | None:
    """The length of the longest selector matching ``code`` ("ALL" counts as 0), or None."""
    lengths = [0 if s == "ALL" else len(s) for s in selectors if s == "ALL" or code.startswith(s)]
    return max(lengths) if lengths else None


def enabled_codes(config: Config, overrides: Selection) -> frozenset[str]:
    """The codes to report. Rules that are off by default need their exact code."""
    select = overrides.select if overrides.select is not None else config.select
    selectors = (*select, *config.extend_select, *overrides.extend_select)
    ignores = (*config.ignore, *overrides.ignore)
    enabled = set()
    for rule in RULES:
        selected = matching_length(rule.code, selectors)
        ignored = matching_length(rule.code, ignores)
        if selected is None or (ignored is not None and ignored >= selected):
            continue
        if not rule.default_enabled and selected < len(rule.code):
            continue
        enabled.add(rule.code)
    return frozenset(enabled)
