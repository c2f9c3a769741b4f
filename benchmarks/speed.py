"""Issue 20's figures, each next to its floor, measured in one run (`run_all.py` prints them).

    python benchmarks/run_all.py                      # everything (~15 min on 2 idle cores)
    python benchmarks/run_all.py --skip scaling       # without the scaling series
    python benchmarks/speed.py --only preview         # one group

Groups: `validate` (cold / warm vs libyaml's CSafeLoader parse), `lint`, `olx` (cold / warm
vs `tar czf` of its output), `coursera` (vs the OLX build), `site` (full build vs a plain
`mkdocs build` of the generated project; rebuild after one reading edit), `preview` (in
headless Chromium: file written → new text in the DOM), `scaling` (fitted exponent of
CPU seconds (own + children) vs items at 500 / 2,000 / 8,000 items, and one week of
1,000 / 4,000 / 10,000; CPU time, not wall time, because the cores are shared).

"Cold" = an empty cache folder and nothing in memory; "warm" = a new `Cache` on the same
folder, nothing in memory: what a new `moocforge` process finds. Best of `--repeat` runs;
where a row is compared with a floor that moves from minute to minute on the shared disk
and cores (validate, site), the floor's runs and the row's alternate (`interleaved`), so
both are taken at the same moments. Everything is written below `TMPDIR`: creating files
costs up to twenty times more in some folders of the same file system than in others
(the Coursera group prints that share; benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import platform
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from benchmarks.make_course import generate
from moocforge import app as application
from moocforge import cache
from moocforge.app.course_build import build_course
from moocforge.app.discard import wait_for_discards
from moocforge.model import Course, Quiz, Reading

GROUPS = ("validate", "lint", "olx", "coursera", "site", "preview", "scaling")
CHROMIUM = "/usr/bin/chromium"


@dataclass
class Row:
    what: str
    seconds: float
    floor: str = ""  # the floor's name, or an absolute aim
    floor_seconds: float | None = None
    aim: str = ""
    # The 1-minute load average when the figure was taken: the 2 cores are shared.
    load: float = field(default_factory=lambda: os.getloadavg()[0])

    def ratio(self) -> str:
        if self.floor_seconds is None or self.floor_seconds <= 0:
            return ""
        return f"{self.seconds / self.floor_seconds:.2f}×"

    def line(self) -> str:
        floor = f"{self.floor} {self.floor_seconds:.2f} s" if self.floor_seconds is not None \
            else self.floor
        return (f"| {self.what} | {self.seconds:.2f} | {floor} | {self.ratio()} | {self.aim} "
                f"| {self.load:.2f} |")


def kit_files(out: Path) -> list[str]:
    """The kit folders' files (not the zips) below `out`, relative to it."""
    return sorted(str(path.relative_to(out)) for path in out.rglob("*")
                  if path.is_file() and path.suffix != ".zip")


def create_empty(files: list[str], root: Path) -> None:
    """Make `files` below `root`, empty: what creating the kit's files costs on this file
    system, which varies from run to run and from folder to folder (see README)."""
    made: set[Path] = set()
    for name in files:
        path = root / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666))


def plain_mkdocs(jobs: list[tuple[Path, Path]]) -> None:
    """`mkdocs build` of each (config, site folder), all at once, as anyone would run it
    (not moocforge's own in-process build of the same project)."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "0"}
    running = [subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--clean", "-q",
                                 "-f", str(config), "-d", str(site)], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
               for config, site in jobs]
    for process in running:
        process.wait()


def settle() -> None:
    """Before a timed run: the replaced outputs of the runs before it, which our builds
    remove in the background (`moocforge.app.discard`), are gone, so they take no disk or
    core from it (untimed: the user's build does not wait for them either)."""
    wait_for_discards()


def best(repeat: int, fn: Callable[[], object], before: Callable[[], object] | None = None
         ) -> float:
    return interleaved(repeat, (fn, before))[0]


def interleaved(repeat: int, *runs: tuple[Callable[[], object], Callable[[], object] | None]
                ) -> list[float]:
    """The best time of each (run, set-up before it), the runs alternating `repeat` times."""
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for found, (fn, before) in zip(times, runs, strict=True):
            if before is not None:
                before()
            settle()
            start = time.perf_counter()
            fn()
            found.append(time.perf_counter() - start)
    return [min(found) for found in times]


class Bench:
    def __init__(self, tmp: Path, weeks: int, items: int, repeat: int,
                 distinct: bool = False) -> None:
        self.tmp, self.repeat = tmp, repeat
        self.shape, self.distinct = (weeks, items), distinct
        self.root = generate(tmp / "course", weeks, items, distinct)
        self.rows: list[Row] = []
        self.folder = tmp / "cache"

    # ------------------------------------------------------------------ helpers

    def cold_cache(self) -> cache.Cache:
        shutil.rmtree(self.folder, ignore_errors=True)
        cache.clear_memory()
        return cache.Cache(self.folder)

    def warm_cache(self) -> cache.Cache:
        cache.clear_memory()
        return cache.Cache(self.folder)

    def load(self, store: cache.Cache, media: bool = False) -> Course:
        loaded = application.load(self.root, media=media, cache=store)
        assert loaded.ok and loaded.course is not None, loaded.diagnostics[:3]
        return loaded.course

    def build(self, targets: list[str], out: Path, store: cache.Cache,
              keep_dir: bool = False) -> None:
        course = self.load(store, media=True)
        report = application.build(course, targets, out, cache=store, keep_dir=keep_dir)
        assert report.written, report.diagnostics[:3]

    def add(self, *args: object, **kwargs: object) -> None:
        row = Row(*args, **kwargs)  # type: ignore[arg-type]
        self.rows.append(row)
        print(row.line(), flush=True)

    # ------------------------------------------------------------------ groups

    def validate(self) -> None:
        files = sorted(self.root.rglob("*.yml"))

        def parse() -> None:
            for f in files:
                yaml.load(f.read_text("utf-8"), Loader=yaml.CSafeLoader)

        floor, cold = interleaved(self.repeat, (parse, None), (
            lambda: self.load(self._store), lambda: self._set(self.cold_cache())))
        warm = best(self.repeat, lambda: self.load(self._store), lambda: self._set(
            self.warm_cache()))
        self.add("validate, cold (empty cache)", cold, "CSafeLoader parse", floor, "≤ 2×")
        self.add("validate, warm (from the store)", warm, "CSafeLoader parse", floor,
                 "≤ 0.3 s")
        cli = best(self.repeat, lambda: self._cli("validate"))
        self.add("`moocforge validate`, warm, whole process", cli, "", None, "")

    def lint(self) -> None:
        self.load(self.cold_cache())

        def whole() -> None:
            application.lint(self.load(self.warm_cache()))

        self.add("whole lint, warm (load + every rule)", best(self.repeat, whole), "", None,
                 "< 1 s")
        cli = best(self.repeat, lambda: self._cli("lint", "--no-media"))
        self.add("`moocforge lint`, warm, whole process", cli, "", None, "")

    def olx(self) -> None:
        trees = self.tmp / "olx-trees"
        self.build(["olx"], trees, self.cold_cache(), keep_dir=True)
        folders = sorted(p for p in (trees / "synthetic" / "olx").iterdir() if p.is_dir())

        def tar() -> None:
            for folder in folders:
                subprocess.run(["tar", "-C", str(folder), "-czf",
                                str(self.tmp / f"{folder.name}.tar.gz"), "course"], check=True)

        floor = best(self.repeat, tar)
        out = self.tmp / "olx"
        cold = best(self.repeat, lambda: self.build(["olx"], out, self._store),
                    lambda: self._set(self.cold_cache()))
        self.olx_cold = cold
        warm = best(self.repeat, lambda: self.build(["olx"], out, self._store),
                    lambda: self._set(self.warm_cache()))
        self.add("OLX build, cold (load + 2 packages)", cold, "`tar czf` of its output", floor,
                 "≤ 3×")
        self.add("OLX build, warm cache, rebuilt (load + writers)", warm,
                 "`tar czf` of its output", floor, "")
        course_out = self.tmp / "olx-course"

        def course_build() -> None:
            built = build_course(self.root, ["olx"], course_out, cache=self.warm_cache())
            assert built.written, built.all_diagnostics[:3]

        course_build()
        unchanged = best(self.repeat, course_build)
        self.add("OLX build, nothing changed (`moocforge build`: up to date)", unchanged,
                 "`tar czf` of its output", floor, "≤ 1.5×")

    def coursera(self) -> None:
        out = self.tmp / "coursera"
        olx = getattr(self, "olx_cold", None) or best(
            self.repeat, lambda: self.build(["olx"], self.tmp / "olx", self._store),
            lambda: self._set(self.cold_cache()))
        cold = best(self.repeat, lambda: self.build(["coursera"], out, self._store),
                    lambda: self._set(self.cold_cache()))
        warm = best(self.repeat, lambda: self.build(["coursera"], out, self._store),
                    lambda: self._set(self.warm_cache()))
        self.add("Coursera kit, cold", cold, "OLX build, cold", olx, "≤ 1.5×")
        self.add("Coursera kit, warm", warm, "OLX build, cold", olx, "")
        files = kit_files(out)
        folders = iter(range(self.repeat))  # a new one each time: deleting is not timed
        empty = best(self.repeat, lambda: create_empty(
            files, self.tmp / f"empty-files-{next(folders)}"))
        for index in range(self.repeat):
            shutil.rmtree(self.tmp / f"empty-files-{index}", ignore_errors=True)
        self.add(f"the kits' {len(files):,} files created empty, nothing else (the file "
                 "system's share)", empty, "OLX build, cold", olx, "")
        if not self.distinct:
            self._coursera_distinct()

    def _coursera_distinct(self) -> None:
        """The cold rows again on the same course with texts that differ (`--distinct`):
        the default course's readings differ only by their heading, which the OLX writer
        leaves out, so its OLX build renders 4 texts and the kit 802 a language."""
        other = Bench(self.tmp / "distinct", *self.shape, self.repeat, distinct=True)
        olx = best(self.repeat, lambda: other.build(["olx"], other.tmp / "olx", other._store),
                   lambda: other._set(other.cold_cache()))
        kit = best(self.repeat, lambda: other.build(["coursera"], other.tmp / "coursera",
                                                    other._store),
                   lambda: other._set(other.cold_cache()))
        self.add("Coursera kit, cold, texts that differ (`--distinct`)", kit,
                 "OLX build, cold, the same course", olx, "≤ 1.5×")
        shutil.rmtree(other.tmp, ignore_errors=True)

    def site(self) -> None:
        out = self.tmp / "site"
        src = out / "synthetic" / "site-src"
        jobs = [(src / lang / "mkdocs.yml", self.tmp / "floor" / lang) for lang in ("fr", "en")]
        self.build(["site"], out, self.cold_cache())  # the project the floor builds
        # `mkdocs build --clean` replaces its site folder as a full build of ours replaces
        # its output (removing the previous one): the same file system work on both sides
        ours, floor = interleaved(self.repeat, (
            lambda: self.build(["site"], out, self._store),
            lambda: self._set(self.cold_cache())), (lambda: plain_mkdocs(jobs), None))
        self._floor = floor
        self.add("site build, full (generate + mkdocs + media)", ours,
                 "plain `mkdocs build` of the project", floor, "≤ 1×")
        reading = self._reading()
        path = self.root / reading.files["fr"]

        def edit_and_build() -> None:
            path.write_text(path.read_text("utf-8") + "\nUne modification.\n", "utf-8")
            self.build(["site"], out, self.warm_cache())

        self.add("site build, warm, one reading changed", best(self.repeat, edit_and_build),
                 "", None, "≤ 2 s")

    def preview(self) -> None:
        from moocforge.app.preview import Preview, make_server, watch

        state = Preview(self.root.resolve(), self.tmp / "preview")
        first = best(1, state.rebuild)
        self.add("preview, first build (full: the trees at once)", first,
                 "plain `mkdocs build` of the project", self._floor, "")
        server = make_server(state, "127.0.0.1", 0)
        import threading

        threading.Thread(target=server.serve_forever, daemon=True).start()
        watcher = watch(state)
        try:
            for what, seconds in self._browser_edits(state, server.server_address[1]):
                self.add(f"preview in Chromium: {what} → new text in the DOM", seconds, "",
                         None, "< 2 s" if "lesson" in what else "< 1 s")
        finally:
            watcher.stop()
            server.shutdown()
            server.server_close()
        # the author stops the preview, edits a reading, starts it again (a new process:
        # nothing in memory)
        assert state.save(), "the preview kept nothing to resume from"
        path = self.root / self._reading().files["fr"]
        path.write_text(path.read_text("utf-8") + "\nÉcrit entre deux aperçus.\n", "utf-8")
        cache.clear_memory()
        resumed = Preview(self.root.resolve(), self.tmp / "preview")
        again = best(1, resumed.rebuild)
        assert resumed.resumed and resumed.error_page is None
        self.add("preview, first build, resumed (the last preview's site, a reading edited "
                 "since)", again, "plain `mkdocs build` of the project", self._floor, "")

    def scaling(self) -> None:
        series = {"course of 20 weeks": [(20, 25), (20, 100), (20, 400)],
                  "one week": [(1, 1000), (1, 4000), (1, 10000)]}
        for name, sizes in series.items():
            points: dict[str, list[tuple[int, float]]] = {}
            for weeks, items in sizes:
                for step, seconds in self._scaling_point(weeks, items).items():
                    points.setdefault(step, []).append((weeks * items, seconds))
                    print(f"  {name}: {weeks * items} items, {step}: {seconds:.2f} CPU-s "
                          f"(load {os.getloadavg()[0]:.2f})", flush=True)
            for step, found in points.items():
                sizes_seen = ", ".join(f"{n}: {s:.1f} CPU-s" for n, s in found)
                self.add(f"scaling, {name}, {step}: exponent {exponent(found):.2f} over all, "
                         f"{exponent(found[-2:]):.2f} between the two largest ({sizes_seen})",
                         found[-1][1], "", None, "≤ 1.1")

    # ------------------------------------------------------------------ parts

    _store: cache.Cache = cache.Cache.disabled()
    _floor: float | None = None

    def _set(self, store: cache.Cache) -> None:
        self._store = store

    def _cli(self, *command: str) -> None:
        subprocess.run([sys.executable, "-m", "moocforge", *command, str(self.root)],
                       check=False, capture_output=True)

    def _reading(self) -> Reading:
        course = self.load(self.warm_cache())
        return next(i for i in course.weeks[2].items if isinstance(i, Reading))

    def _browser_edits(self, state: object, port: int) -> list[tuple[str, float]]:
        from playwright.sync_api import sync_playwright

        from moocforge.writers.site.pages import item_pages

        # a cache of its own: `warm_cache()` would empty the memory cache the preview uses,
        # and its next edit would read the whole course again (no author's edit does that)
        course = self.load(cache.Cache())
        week = course.weeks[2]
        reading = next(i for i in week.items if isinstance(i, Reading))
        quiz = next(i for i in week.items if isinstance(i, Quiz))
        pages = item_pages(course)
        url = f"http://127.0.0.1:{port}/fr/"
        week_yml = self.root / week.loc.file
        lesson = week.lessons[1]
        edits: list[tuple[str, str, Callable[[], None], str]] = [
            # needles without ' or ?: the French pages set them in French typography (’, nbsp)
            ("reading edited", pages[reading.id], _append(self.root / reading.files["fr"],
                                                          "Phrase ajoutée maintenant."),
             "Phrase ajoutée maintenant"),
            ("quiz prompt edited", pages[quiz.id],
             _replace(self.root / quiz.file, "Quelle fonction démarre ?",
                      "Quelle fonction démarre donc ?"), "Quelle fonction démarre donc"),
            ("lesson title edited", pages[lesson.items[0].id],
             _replace(week_yml, f"Leçon {week.number}.2", f"Leçon renommée {week.number}.2"),
             f"Leçon renommée {week.number}.2"),
        ]
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                        args=["--no-sandbox"])
            tab = browser.new_page()
            for what, page, edit, needle in edits:
                response = tab.goto(url + page[:-3] + ".html")
                if response is None or response.status != 200:
                    raise SystemExit(f"preview: {url + page[:-3]}.html answered "
                                     f"{response.status if response else 'nothing'}")
                tab.wait_for_load_state("load")
                time.sleep(0.5)  # the page's version poll is running
                start = time.perf_counter()
                edit()
                tab.wait_for_function("t => document.body && document.body.textContent"
                                      ".includes(t)", arg=needle, timeout=120_000,
                                      polling=20)
                seconds = time.perf_counter() - start
                rebuilt = getattr(state, "last_seconds", 0.0)
                results.append((f"{what} (the rebuild itself: {rebuilt:.2f} s)", seconds))
            browser.close()
        return results

    def _scaling_point(self, weeks: int, items: int) -> dict[str, float]:
        """One size, measured in a new process: memoised texts and the garbage of the
        sizes before it would otherwise weigh on the larger sizes."""
        proc = subprocess.run([sys.executable, __file__, "--point", str(weeks), str(items),
                               str(self.tmp)], check=True, capture_output=True, text=True)
        return json.loads(proc.stdout.strip().splitlines()[-1])


def scaling_point(weeks: int, items: int, tmp: Path, warm_up: bool = True
                  ) -> dict[str, float]:
    """validate (cold), the lint rules, OLX and site builds (cold) of a generated course,
    after the same steps on a tiny course (imports, compiled schemas: paid once, not timed)."""
    if warm_up:
        scaling_point(1, 10, tmp / "warm-up", warm_up=False)
    root = generate(tmp / f"scale-{weeks}x{items}", weeks, items)
    found: dict[str, float] = {}
    folder = tmp / f"scale-cache-{weeks}x{items}"

    def cold() -> cache.Cache:
        cache.clear_memory()
        shutil.rmtree(folder, ignore_errors=True)
        return cache.Cache(folder)

    start = cpu_seconds()
    loaded = application.load(root, media=False, cache=cold())
    found["validate (cold)"] = cpu_seconds() - start
    assert loaded.ok and loaded.course is not None, loaded.diagnostics[:3]
    course = loaded.course
    start = cpu_seconds()
    application.lint(course)  # what `moocforge lint` runs: no cycle collection meanwhile
    found["lint rules"] = cpu_seconds() - start
    for target in ("olx", "site"):
        store, out = cold(), tmp / f"scale-out-{weeks}x{items}"
        start = cpu_seconds()
        report = application.build(course, [target], out, cache=store)
        found[f"{target} build (cold)"] = cpu_seconds() - start
        assert report.written, report.diagnostics[:3]
        shutil.rmtree(out, ignore_errors=True)
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)
    return found


def cpu_seconds() -> float:
    """User + system CPU seconds of this process and of its finished children (forked
    writers, mkdocs): what other engineers' jobs on the shared cores change least."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _append(path: Path, text: str) -> Callable[[], None]:
    return lambda: path.write_text(path.read_text("utf-8") + f"\n{text}\n", "utf-8")


def _replace(path: Path, old: str, new: str) -> Callable[[], None]:
    def edit() -> None:
        content = path.read_text("utf-8")
        assert old in content, (path, old)
        path.write_text(content.replace(old, new, 1), "utf-8")

    return edit


def exponent(points: list[tuple[int, float]]) -> float:
    """The least-squares slope of log(seconds) against log(items): 1 is linear."""
    xs = [math.log(n) for n, _ in points]
    ys = [math.log(max(s, 1e-6)) for _, s in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread


def machine() -> str:
    load = os.getloadavg()
    return (f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"load average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the start")


def run(only: tuple[str, ...], skip: tuple[str, ...], weeks: int, items: int,
        repeat: int, distinct: bool = False) -> list[Row]:
    print(f"machine: {machine()}")
    texts = ", every reading and statement with a sentence of its own" if distinct else ""
    print(f"course: {weeks} weeks × {items} items, bilingual{texts} "
          "(benchmarks/make_course.py)\n")
    print("| what | seconds | floor (same run) | × floor | aim | load |")
    print("|---|---:|---|---:|---|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        bench = Bench(Path(tmp), weeks, items, repeat, distinct)
        for group in GROUPS:
            if (only and group not in only) or group in skip:
                continue
            if group == "preview" and not Path(CHROMIUM).exists():
                print(f"| preview: skipped, no {CHROMIUM} | | | | |")
                continue
            getattr(bench, group)()
        rows = bench.rows
    load = os.getloadavg()
    print(f"\nload average at the end: {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}")
    return rows


def arguments(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", default=[], choices=GROUPS)
    parser.add_argument("--skip", nargs="*", default=[], choices=GROUPS)
    parser.add_argument("--weeks", type=int, default=20)
    parser.add_argument("--items", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--distinct", action="store_true",
                        help="the synthetic course's readings and statements differ beyond "
                             "their heading (make_course.py --distinct)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--point"]:  # one scaling size, in a process of its own
        print(json.dumps(scaling_point(int(argv[1]), int(argv[2]), Path(argv[3]))))
        return
    args = arguments(argv)
    run(tuple(args.only), tuple(args.skip), args.weeks, args.items, args.repeat,
        args.distinct)


if __name__ == "__main__":
    main()
