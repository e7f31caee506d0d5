"""Running student code: a clean fork server, limited children, plain data back."""
