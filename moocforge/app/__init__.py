"""The application layer: what the CLI, the preview server and the grader service share.

- `load(course_dir)`: sources → model, media facts, settings checked (`moocforge.app.loading`);
- `lint(loaded, …)`: the rules, optionally learner statistics and exercise runs;
- `build(loaded, targets, out, …)`: every requested writer, staged, swapped in all or nothing;
- `preview` (the live preview server) and `check` (exercises in the sandbox).

Commands parse options and call these; nothing here prints.
"""

from moocforge.app.building import BuildReport, build
from moocforge.app.linting import lint
from moocforge.app.loading import load, load_exercise

__all__ = ["BuildReport", "build", "lint", "load", "load_exercise"]
