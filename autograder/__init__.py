"""hw3-autograder: grades HW3 submissions in an isolated child process against a numpy reference."""

__version__ = "0.1.0"
