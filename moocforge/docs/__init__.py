"""Documentation generated from the code and the schemas (docs/format.md)."""
