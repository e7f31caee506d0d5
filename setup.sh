#!/usr/bin/env bash
# Gradescope set-up from a checkout: the same steps as the setup.sh inside the upload zip
# (autograder/gradescope/templates/setup.sh), with this checkout as the project.
# Normally you upload `autograder build-zip`'s zip instead; see README, "Upload to Gradescope".
exec bash "$(dirname "${BASH_SOURCE[0]}")/autograder/gradescope/templates/setup.sh" "$(dirname "${BASH_SOURCE[0]}")"
