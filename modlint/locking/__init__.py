"""Locked modules: `.LOCKED` files, public surfaces, and how a surface changed."""
