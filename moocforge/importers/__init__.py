"""Importers: existing courses → moocforge sources (`moocforge import olx`)."""
