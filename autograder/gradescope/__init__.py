"""Gradescope: the upload zip (build.py), its setup.sh and run_autograder templates, and the
`gradescope` verb that grades one submission inside Gradescope's container (run.py)."""
