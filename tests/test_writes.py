"""Every write goes through one atomic writer: symbolic links are followed (and stay links),
modes are kept, failed or killed writes leave no temp file, and nothing else is touched."""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import edit, write
from unprivileged import run_unprivileged

from modlint.support import atomic, write_atomically

AUTH_ROW = "| `auth/` | Foundation | 🔴 LOCKED | 1.0.0 | Authentication and session management |"
STALE_AUTH_ROW = AUTH_ROW.replace("🔴 LOCKED", "🟡 STABLE")
GROWN_OPEN = (
    "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT, ro: bool = False) -> Store:"
)
OPEN = "def open_store(url: str, *, timeout: float = DEFAULT_TIMEOUT) -> Store:"


def temporaries(root: Path) -> list[str]:
    """Every temp file name a write could leave under ``root``."""
    return sorted(path.relative_to(root).as_posix() for path in root.rglob(".*.tmp"))


def _move_behind_link(path: Path, target: Path) -> None:
    """Move ``path`` to ``target`` and leave a relative symbolic link to it in its place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    path.rename(target)
    path.symlink_to(os.path.relpath(target, path.parent))


def test_docs_fix_writes_through_a_symlinked_readme(modlint, nimbus: Path) -> None:
    readme, real = nimbus / "README.md", nimbus / "docs" / "real.md"
    fixed = readme.read_bytes()
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    _move_behind_link(readme, real)
    real.chmod(0o640)
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.err) == (0, "fixed README.md\n")
    assert os.readlink(readme) == "docs/real.md"
    assert real.read_bytes() == fixed
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert temporaries(nimbus) == []
    assert modlint("docs", cwd=nimbus).code == 0


def test_docs_fix_writes_through_a_symlinked_module_readme(modlint, nimbus: Path) -> None:
    readme, real = nimbus / "auth" / "README.md", nimbus / "docs" / "modules" / "auth.md"
    edit(readme, "Status: 🔴 LOCKED v1.0.0", "Status: 🟢 DEVELOPMENT")
    _move_behind_link(readme, real)
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.err) == (0, "fixed auth/README.md\n")
    assert os.readlink(readme) == "../docs/modules/auth.md"
    assert real.read_text() == (
        "# auth\n\nStatus: 🔴 LOCKED v1.0.0\n\nAuthentication and session management.\n"
    )
    assert temporaries(nimbus) == []


def test_a_chain_of_links_is_followed_to_its_end(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    fixed = readme.read_bytes()
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    _move_behind_link(readme, nimbus / "docs" / "real.md")
    (nimbus / "docs" / "hop.md").symlink_to("real.md")
    readme.unlink()
    readme.symlink_to("docs/hop.md")
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert (os.readlink(readme), os.readlink(nimbus / "docs" / "hop.md")) == (
        "docs/hop.md",
        "real.md",
    )
    assert (nimbus / "docs" / "real.md").read_bytes() == fixed


def test_a_dangling_readme_link_is_reported_and_never_written(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    readme.unlink()
    readme.symlink_to("docs/gone.md")
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.lines) == (
        1,
        [
            "README.md:1:1: ML301 README.md is a symbolic link to 'docs/gone.md', which does not "
            "exist: it should hold the lock table (or leave it out of `docs`)",
        ],
    )
    assert os.readlink(readme) == "docs/gone.md"
    assert not (nimbus / "docs").exists()


@pytest.mark.parametrize(
    ("make", "problem"),
    [
        (os.mkfifo, "cannot be read: it is not a regular file"),
        (lambda p: p.symlink_to("/dev/zero"), "cannot be read: it is not a regular file"),
    ],
    ids=["fifo", "device"],
)
def test_a_readme_that_is_no_regular_file_is_reported(
    modlint, nimbus: Path, make, problem: str
) -> None:
    (nimbus / "README.md").unlink()
    make(nimbus / "README.md")
    run = modlint("docs", "--fix", "--no-cache", cwd=nimbus)
    assert (run.code, run.lines) == (
        1,
        [
            f"README.md:1:1: ML301 README.md {problem}: it should hold the lock table (or leave it "
            "out of `docs`)",
        ],
    )


PYPROJECT = '[project]\nname = "shop"\n'
INIT_BLOCK = (
    "\n[tool.modlint]\n"
    "# Tiers, lowest first: a module may import modules of its own tier and lower ones.\n"
    'tiers = ["foundation", "framework", "business"]\n'
    "# Files holding a lock table between the modlint:lock-table markers.\n"
    "docs = []\n"
    "\n[tool.modlint.modules.core]\n"
    'tier = "business"\n'
    'level = "development"\n'
)


def test_init_writes_through_a_symlinked_pyproject(modlint, tmp_path: Path) -> None:
    root = write(tmp_path / "shop", {"core/__init__.py": ""})
    shared = write(tmp_path, {"shared/pyproject.toml": PYPROJECT}) / "shared" / "pyproject.toml"
    shared.chmod(0o604)
    (root / "pyproject.toml").symlink_to("../shared/pyproject.toml")
    run = modlint("init", cwd=root)
    assert (run.code, run.out) == (
        0,
        "wrote [tool.modlint] with 1 module to pyproject.toml: "
        "set each module's tier and level, then run `modlint .`\n",
    )
    assert os.readlink(root / "pyproject.toml") == "../shared/pyproject.toml"
    assert shared.read_text() == PYPROJECT + INIT_BLOCK
    assert stat.S_IMODE(shared.stat().st_mode) == 0o604
    assert temporaries(tmp_path) == []


@pytest.mark.skipif(os.geteuid() != 0, reason="only root may give a file to another user")
def test_the_owner_of_a_rewritten_file_is_kept(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    os.chown(readme, 1234, 5678)
    assert modlint("docs", "--fix", cwd=nimbus).code == 0
    assert (readme.stat().st_uid, readme.stat().st_gid) == (1234, 5678)
    assert AUTH_ROW in readme.read_text()


def test_a_new_file_gets_the_usual_mode(modlint, tmp_path: Path) -> None:
    root = write(tmp_path, {"core/__init__.py": ""})
    previous = os.umask(0o027)
    try:
        assert modlint("init", cwd=root).code == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE((root / "pyproject.toml").stat().st_mode) == 0o640
    assert (root / "pyproject.toml").read_text() == INIT_BLOCK[1:]


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda p: p.symlink_to("../shared/missing.toml"),
            "it is a symbolic link to '../shared/missing.toml', which does not exist",
        ),
        (
            lambda p: p.symlink_to("pyproject.toml"),
            "it is a symbolic link that leads back to itself (a loop)",
        ),
        (
            lambda p: (p.symlink_to("other.toml"), p.with_name("other.toml").symlink_to(p.name)),
            "it is a symbolic link that leads back to itself (a loop)",
        ),
        (lambda p: p.mkdir(), "it is a folder"),
        (lambda p: os.mkfifo(p), "it is not a regular file"),
    ],
    ids=["dangling", "loop", "loop-of-two", "folder", "fifo"],
)
def test_init_refuses_a_target_it_cannot_write(modlint, tmp_path: Path, make, message) -> None:
    root = write(tmp_path / "shop", {"core/__init__.py": ""})
    make(root / "pyproject.toml")
    before = sorted(os.listdir(root))
    run = modlint("init", cwd=root)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        f"modlint: error: cannot write pyproject.toml: {message}\n",
    )
    assert sorted(os.listdir(root)) == before
    assert not (tmp_path / "shared").exists()


def test_lock_writes_through_a_symlinked_lock_file(modlint, nimbus: Path) -> None:
    lock_file, real = nimbus / "datastore" / ".LOCKED", nimbus / "locks" / "datastore.toml"
    _move_behind_link(lock_file, real)
    edit(nimbus / "datastore" / "store.py", OPEN, GROWN_OPEN)
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert run.code == 0
    assert os.readlink(lock_file) == "../locks/datastore.toml"
    assert 'version = "1.1.0"' in real.read_text()
    assert temporaries(nimbus) == []


def test_a_readme_that_is_a_folder_is_a_configuration_error(modlint, nimbus: Path) -> None:
    (nimbus / "README.md").unlink()
    (nimbus / "README.md").mkdir()
    run = modlint("docs", "--fix", "--no-cache", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: pyproject.toml: [tool.modlint]: key 'docs': 'README.md' is a "
        "folder, not a file\n",
    )


def test_lock_refuses_a_dangling_lock_file_link(modlint, nimbus: Path) -> None:
    lock_file = nimbus / "datastore" / ".LOCKED"
    lock_file.unlink()
    lock_file.symlink_to("../locks/gone.toml")
    run = modlint("lock", "datastore", "--version", "1.0.0", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: cannot read datastore/.LOCKED: it is a "
        "symbolic link to '../locks/gone.toml', which does not "
        "exist\n",
    )
    assert os.readlink(lock_file) == "../locks/gone.toml"
    assert not (nimbus / "locks").exists()


def test_unlock_removes_the_link_and_keeps_its_target(modlint, nimbus: Path) -> None:
    lock_file, real = nimbus / "datastore" / ".LOCKED", nimbus / "locks" / "datastore.toml"
    kept = lock_file.read_bytes()
    _move_behind_link(lock_file, real)
    run = modlint("unlock", "datastore", cwd=nimbus)
    assert (run.code, run.out) == (
        0,
        "unlocked 'datastore': removed datastore/.LOCKED, wrote README.md, datastore/README.md; "
        "it is stable as configured until it is locked again\n",
    )
    assert not lock_file.is_symlink() and not lock_file.exists()
    assert real.read_bytes() == kept


def test_unlock_removes_a_dangling_lock_file_link(modlint, nimbus: Path) -> None:
    lock_file = nimbus / "datastore" / ".LOCKED"
    lock_file.unlink()
    lock_file.symlink_to("gone")
    assert modlint("unlock", "datastore", cwd=nimbus).code == 0
    assert not lock_file.is_symlink()


def test_unlock_refuses_a_lock_file_that_is_a_folder(modlint, nimbus: Path) -> None:
    lock_file = nimbus / "project" / ".LOCKED"
    lock_file.mkdir()
    run = modlint("unlock", "project", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: cannot unlock 'project': project/.LOCKED is a folder, not a lock file\n",
    )
    assert lock_file.is_dir()


def test_an_unwritable_folder_for_unlock_is_a_clear_error(nimbus: Path) -> None:
    folder = nimbus / "datastore"
    folder.chmod(0o555)
    try:
        run = run_unprivileged("unlock", "datastore", cwd=nimbus)
    finally:
        folder.chmod(0o755)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot unlock 'datastore': cannot remove datastore/.LOCKED: "
        "Permission denied\n",
    )
    assert (folder / ".LOCKED").is_file()


def test_a_read_only_readme_is_not_replaced(nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    readme.chmod(0o444)
    before = readme.read_bytes()
    run = run_unprivileged("docs", "--fix", "--no-cache", cwd=nimbus)
    assert (run.code, run.out, run.err) == (
        2,
        "",
        "modlint: error: cannot write README.md: Permission denied\n",
    )
    assert readme.read_bytes() == before
    assert temporaries(nimbus) == []


def _limit_file_size() -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))


def test_a_full_disk_leaves_the_old_file_and_no_temp_file(nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    before = readme.read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "modlint", "docs", "--fix", "--no-cache"],
        cwd=nimbus,
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=_limit_file_size,
    )
    assert (done.returncode, done.stdout, done.stderr) == (
        2,
        "",
        "modlint: error: cannot write README.md: File too large\n",
    )
    assert readme.read_bytes() == before
    assert temporaries(nimbus) == []


@pytest.mark.parametrize("failure", [KeyboardInterrupt, OSError(28, "No space left on device")])
def test_an_interrupted_write_removes_its_temp_file(tmp_path: Path, monkeypatch, failure) -> None:
    target = tmp_path / "notes.md"
    target.write_bytes(b"old\n")

    def interrupted(descriptor: int) -> None:
        assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] != []
        raise failure

    monkeypatch.setattr(atomic.os, "fsync", interrupted)
    with pytest.raises(type(failure) if isinstance(failure, OSError) else failure):
        write_atomically(target, b"new\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.md"]
    assert target.read_bytes() == b"old\n"


def test_unchanged_bytes_are_not_written(tmp_path: Path) -> None:
    target = tmp_path / "notes.md"
    target.write_bytes(b"same\n")
    os.utime(target, (0, 0))
    assert write_atomically(target, b"same\n") is False
    assert target.stat().st_mtime == 0
    assert write_atomically(target, b"other\n") is True
    assert target.read_bytes() == b"other\n"


HOLD = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


def test_stale_temp_files_go_and_those_of_a_live_run_stay(modlint, nimbus: Path) -> None:
    readme = nimbus / "README.md"
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    abandoned = nimbus / ".README.md.k1ll3d_x.tmp"
    abandoned.write_text("half a table")
    old_style = nimbus / ".README.md.abc_1234.tmp"  # by an older modlint (no lock ever)
    old_style.write_text("half")
    live = nimbus / ".README.md.live0000.tmp"
    not_ours = [
        nimbus / ".README.md.notes.tmp",
        nimbus / ".README.md.old.k1ll3d_x.tmp",
        nimbus / ".other.md.k1ll3d_x.tmp",
    ]
    for path in not_ours:
        path.write_text("keep me")
    link = nimbus / ".README.md.linkxxxx.tmp"
    link.symlink_to("pyproject.toml")
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(live)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline() == "held\n"
        assert modlint("docs", "--fix", cwd=nimbus).err == "fixed README.md\n"
        assert not abandoned.exists() and not old_style.exists()
        assert live.exists() and link.is_symlink()
        assert all(path.read_text() == "keep me" for path in not_ours)
    finally:
        holder.communicate("", timeout=30)
    assert (nimbus / "pyproject.toml").is_file()


def test_unlock_and_init_clean_up_after_killed_writes(modlint, nimbus: Path) -> None:
    stale = nimbus / "datastore" / "..LOCKED.zzzzzzzz.tmp"
    stale.write_text("half a lock file")
    assert modlint("unlock", "datastore", cwd=nimbus).code == 0
    assert temporaries(nimbus) == []
    stale = nimbus / ".pyproject.toml.zzzzzzzz.tmp"
    stale.write_text("half a configuration")
    run = modlint("init", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        "modlint: error: modlint is already configured in pyproject.toml\n",
    )
    assert temporaries(nimbus) == []


def test_docs_fix_cleans_up_after_killed_writes_of_every_docs_file(modlint, nimbus: Path) -> None:
    # Files that need no fix now (the killed run's edit was made by hand since) still hold
    # the temp files of their killed writes; one module README needs a fix.
    edit(nimbus / "user" / "README.md", "Status: 🟢 DEVELOPMENT", "Status: 🔴 LOCKED")
    stale = [
        nimbus / ".README.md.k1ll3d_x.tmp",
        nimbus / "auth" / ".README.md.k1ll3d_x.tmp",
        nimbus / "logs" / ".README.md.zzzzzzzz.tmp",
        nimbus / "user" / ".README.md.zzzzzzzz.tmp",
    ]
    for path in stale:
        path.write_text("half a file")
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.out, run.err) == (0, "", "fixed user/README.md\n")
    assert temporaries(nimbus) == []


def test_no_write_goes_through_a_link_out_of_the_project(modlint, nimbus: Path) -> None:
    elsewhere = nimbus.parent / "elsewhere"
    elsewhere.mkdir()
    readme, module_readme = nimbus / "README.md", nimbus / "auth" / "README.md"
    edit(readme, AUTH_ROW, STALE_AUTH_ROW)
    edit(module_readme, "Status: 🔴 LOCKED v1.0.0", "Status: 🟢 DEVELOPMENT")
    lock_file = nimbus / "datastore" / ".LOCKED"
    for path, name in ((readme, "r.md"), (module_readme, "m.md"), (lock_file, "l.toml")):
        path.rename(elsewhere / name)
        path.symlink_to(elsewhere / name)
    outside = {path: path.read_bytes() for path in elsewhere.iterdir()}
    link_out = "it is a symbolic link to a file outside the project"
    unreadable = [
        f"README.md:1:1: ML301 README.md cannot be read: {link_out}: it should hold the lock "
        "table (or leave it out of `docs`)",
        f"auth/README.md:1:1: ML303 auth/README.md cannot be read: {link_out}: its status line "
        "cannot be checked",
    ]
    run = modlint("docs", "--fix", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (1, unreadable, "")
    run = modlint("--fix", "--select", "ML3", cwd=nimbus)
    assert (run.code, run.lines, run.err) == (
        1,
        unreadable,
        "Found 2 errors (0 fixed, 2 remaining).\n",
    )
    edit(nimbus / "datastore" / "store.py", OPEN, GROWN_OPEN)
    run = modlint("lock", "datastore", "--version", "1.1.0", cwd=nimbus)
    assert (run.code, run.err) == (
        2,
        f"modlint: error: cannot write datastore/.LOCKED: {link_out}\n",
    )
    run = modlint("unlock", "auth", cwd=nimbus)
    assert (run.code, run.out) == (
        0,
        "unlocked 'auth': removed auth/.LOCKED; it is stable as configured until it is locked "
        "again\n",
    )
    assert {path: path.read_bytes() for path in elsewhere.iterdir()} == outside
    assert [os.readlink(path) for path in (readme, module_readme, lock_file)] == [
        str(elsewhere / name) for name in ("r.md", "m.md", "l.toml")
    ]
    assert temporaries(nimbus.parent) == []


def test_the_writer_refuses_a_target_outside_the_folder_it_is_confined_to(tmp_path: Path) -> None:
    project = tmp_path / "p"
    project.mkdir()
    outside = tmp_path / "o.md"
    outside.write_text("keep\n")
    (project / "README.md").symlink_to(outside)
    with pytest.raises(OSError) as linked:
        write_atomically(project / "README.md", b"x", project)
    with pytest.raises(OSError) as elsewhere:
        write_atomically(tmp_path / "new.md", b"x", project)
    assert (linked.value.strerror, elsewhere.value.strerror) == (
        "it is a symbolic link to a file outside the project",
        "it is outside the project",
    )
    assert write_atomically(project / "in.md", b"x", project)
    assert sorted(path.name for path in tmp_path.rglob("*")) == ["README.md", "in.md", "o.md", "p"]
    assert (outside.read_text(), (project / "in.md").read_bytes()) == ("keep\n", b"x")
