"""moocforge: write a MOOC once in YAML + Markdown, lint it, and build every platform package."""

__version__ = "0.1.0"
