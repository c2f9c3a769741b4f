"""A catalogue of courses: `catalog.yml` at a repository root (courses, shared settings and
files, categories, certifying paths). The sessions over it are in `moocforge.app.catalogue`.
"""

from moocforge.catalog.load import load_catalogue
from moocforge.catalog.model import (
    CATALOG_FILE,
    CATALOG_ROOT,
    CatalogCourse,
    Catalogue,
    Program,
    ProgramCourse,
    find_catalogue,
    is_catalogue,
)

__all__ = ["CATALOG_FILE", "CATALOG_ROOT", "CatalogCourse", "Catalogue", "Program",
           "ProgramCourse", "find_catalogue", "is_catalogue", "load_catalogue"]
