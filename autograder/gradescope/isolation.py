"""Who student code runs as inside Gradescope's container, and what that user cannot touch.

The unprivileged user's name lives here only: setup.sh creates it by running this module,
and the `gradescope` verb creates it too if it is missing.
"""
from __future__ import annotations

import os
import pwd
import subprocess
import sys
from pathlib import Path

from autograder.sandbox.supervisor import Identity

STUDENT_USER = "hw3student"
NOT_ROOT_NOTE = ("Not running as root: student code runs as the grader's own user, so file "
                 "permissions cannot hide the rubric and reference from it and the network "
                 "stays open (see docs/security.md). Gradescope runs the grader as root.")


def ensure_student_user() -> tuple[pwd.struct_passwd, bool]:
    """The student user's entry, creating a system user without a home when missing (needs root).

    Returns the entry and whether it was just created."""
    try:
        return pwd.getpwnam(STUDENT_USER), False
    except KeyError:
        pass
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
                    STUDENT_USER], check=True, capture_output=True, text=True)
    return pwd.getpwnam(STUDENT_USER), True


def student_identity() -> Identity:
    """As root, the student user (created if needed); otherwise the grader's own user."""
    if os.geteuid() != 0:
        return Identity()
    entry, _ = ensure_student_user()
    return Identity(entry.pw_uid, entry.pw_gid)


def lock_down(paths: list[Path]) -> list[Path]:
    """Make each existing path root's alone (folders 0700, files 0600); return those changed.

    A 0700 folder is enough to hide everything below it, so only the given paths change."""
    changed = []
    for path in paths:
        if not path.exists() or path.is_symlink():
            continue
        os.chown(path, 0, 0)
        os.chmod(path, 0o700 if path.is_dir() else 0o600)
        changed.append(path)
    return changed


def main() -> int:
    """setup.sh's user step: create the student user once; say what happened."""
    if os.geteuid() != 0:
        print(f"not root: cannot create the user {STUDENT_USER}", file=sys.stderr)
        return 1
    entry, created = ensure_student_user()
    verb = "created" if created else "already exists:"
    print(f"student user {verb} {entry.pw_name} (uid {entry.pw_uid}, gid {entry.pw_gid})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
