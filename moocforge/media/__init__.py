"""Media: probing (cached in media.lock), checks, transcripts, transcoding, drafts.

`moocforge.media.enrich.enrich(course) -> (course, diagnostics)` is the step the application
layer runs after loading (see `moocforge.media.enrich`). This package's own import is light:
the loader imports `moocforge.media.transcripts` and `moocforge.media.settings` from it.
"""
