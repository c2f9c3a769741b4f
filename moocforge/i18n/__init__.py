"""Languages: numbers as each language writes them, and diagnostics in the author's language."""
