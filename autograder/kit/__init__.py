"""The student kit: starter files, the visible-cases checker handed out, and `autograder check`."""
