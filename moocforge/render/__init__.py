"""Rendering shared by every writer (Markdown → HTML with one set of extensions)."""
