"""The docs checker: lock tables and module README status lines against code and lock files."""
