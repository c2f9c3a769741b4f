"""Media: probing (cached in media.lock), checks, transcripts, transcoding, drafts.

`enrich(course) -> (course, diagnostics)` is the entry point `moocforge.pipeline.prepare`
calls; see `moocforge.media.enrich` for what it does.
"""

from moocforge.media.enrich import enrich, measure

__all__ = ["enrich", "measure"]
