#!/usr/bin/env bash
# Gradescope runs this once, as root, when the autograder image is built (Ubuntu 22.04,
# system Python 3.10). It installs the grader into its own virtual environment, leaving
# the system python3 that Gradescope's harness uses untouched, and creates the
# unprivileged user that runs student code. Safe to run again: every step checks first.
#
# Usage: setup.sh [PROJECT]   PROJECT holds pyproject.toml (default: this script's folder,
#                             which is /autograder/source on Gradescope).
# AUTOGRADER_VENV overrides where the environment goes (default /autograder/venv).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PROJECT="$(cd "${1:-$HERE}" && pwd)"
VENV="${AUTOGRADER_VENV:-/autograder/venv}"
REQUIREMENTS="$HERE/requirements.txt"

step() { printf '\n==> %s\n' "$*"; }

step "System packages: python3, venv and pip"
if python3 -c 'import ensurepip, venv' 2>/dev/null; then
    echo "already present: $(python3 --version)"
else
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends python3 python3-venv python3-pip
fi

step "Virtual environment in $VENV"
if [ -x "$VENV/bin/python" ]; then
    echo "already exists: $("$VENV/bin/python" --version)"
else
    python3 -m venv "$VENV"
    echo "created with $("$VENV/bin/python" --version)"
fi

step "Pinned dependencies from $REQUIREMENTS"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$REQUIREMENTS"

step "The grader package from $PROJECT"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps -e "$PROJECT"
"$VENV/bin/python" -m pip check

step "Unprivileged user for student code"
"$VENV/bin/python" -m autograder.gradescope.isolation

step "Done: run_autograder will run $VENV/bin/python -m autograder gradescope"
