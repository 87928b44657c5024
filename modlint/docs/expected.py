"""What the docs should say about each module, from the configuration and the lock files."""

from __future__ import annotations

from dataclasses import dataclass

from modlint.model import LEVEL_MARKS, Project, parse_version

NO_TIER = "—"
"""The tier cell of a module without a tier."""


@dataclass(frozen=True)
class ModuleStatus:
    """One module as the lock table and its README should describe it."""

    module: str
    label: str
    tier: str
    level: str
    version: str | None
    description: str
    source: str
    """Where the level and version come from: the lock file, or the configuration."""
    version_known: bool = True
    """False when the lock file cannot be read: its version is then not compared."""

    @property
    def level_text(self) -> str:
        """``🔴 LOCKED``"""
        return f"{LEVEL_MARKS[self.level]} {self.level.upper()}"

    def status_line(self) -> str:
        """``Status: 🔴 LOCKED v1.0.0`` (no version for development modules without one)."""
        version = f" v{self.version}" if self.version else ""
        return f"Status: {self.level_text}{version}"


def module_statuses(project: Project) -> list[ModuleStatus]:
    """Every module's status, ordered by tier then name, as the lock table lists them (the
    modules without a tier last)."""
    config = project.config
    statuses = []
    for module in config.modules:
        level = project.level(module.name)
        record = project.locks.get(module.name)
        version = module.version
        source = config.file.name
        if record is not None:
            source = record.path.relative_to(config.root).as_posix()
            version = str(record.lock.version) if record.lock is not None else module.version
        parsed = parse_version(version) if version else None
        statuses.append(
            ModuleStatus(
                module=module.name,
                label=module.path.relative_to(config.root).as_posix()
                + ("" if module.is_file else "/"),
                tier=module.tier or NO_TIER,
                level=level,
                version=str(parsed) if parsed else version,
                description=module.description,
                source=source,
                version_known=record is None or record.lock is not None,
            )
        )
    order = {tier: number for number, tier in enumerate(config.tiers)}
    return sorted(statuses, key=lambda s: (order.get(s.tier, len(order)), s.module))
