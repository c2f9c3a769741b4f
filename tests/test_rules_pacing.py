"""Pacing and workload rules (MF110-MF114): trigger, no trigger, options."""

from __future__ import annotations

from lint_helpers import findings

WEEK = "weeks/01-bienvenue/week.yml"
FIRST_ITEM_LINE = 7  # line of the first item in week_yml()


def week_yml(*items: str) -> str:
    lines = ["title: {fr: Semaine, en: Week}",
             "objectives:",
             "  - {id: start, text: {fr: Début, en: Start}}",
             "lessons:",
             "  - title: {fr: Leçon, en: Lesson}",
             "    items:"]
    lines += [f"      - {item}" for item in items]
    return "\n".join(lines) + "\n"


def video(n: int, seconds: float) -> str:
    return (f"{{video: youtube:vid{n:04d}xx, id: v{n}, title: {{fr: Vidéo {n}, en: Video {n}}},"
            f" duration: {seconds}}}")


PRACTICE = "{quiz: quiz-start.yml, graded: false}"
DISCUSS = "{discussion: {fr: Parlez, en: Talk}, id: talk, title: {fr: Forum, en: Forum}}"




# --------------------------------------------------------------------------- MF110


def test_formative_gap_triggers_at_the_video_that_crosses_the_limit(make_course):
    root = make_course({WEEK: week_yml(video(1, 540), video(2, 480), "{reading: intro.md}",
                                       video(3, 540), PRACTICE)})
    [d] = findings(root, "MF110")
    assert (d.loc.file, d.loc.line) == (WEEK, FIRST_ITEM_LINE + 3)
    assert d.item == "v3" and d.rule == "formative-gap" and d.severity == "warning"
    assert d.message == ("26 min of video without a formative activity (limit 20 min): "
                         "v1, v2, v3")


def test_formative_gap_is_quiet_when_practice_breaks_the_videos(make_course):
    root = make_course({WEEK: week_yml(video(1, 540), video(2, 480), DISCUSS, video(3, 540),
                                       PRACTICE)})
    assert findings(root, "MF110") == []


def test_formative_gap_options(make_course):
    items = (video(1, 540), video(2, 480), "{quiz: quiz-start.yml}", video(3, 540))
    root = make_course({WEEK: week_yml(*items)})  # quiz-start.yml is graded
    assert [d.item for d in findings(root, "MF110")] == ["v3"]
    assert findings(root, "MF110", overrides={"formative-gap": {"count_graded": True}}) == []
    assert findings(root, "MF110", overrides={"MF110": {"max_minutes": 30}}) == []


# --------------------------------------------------------------------------- MF111


def test_weekly_workload_flags_light_week_and_short_course(make_course):
    root = make_course()
    found = findings(root, "MF111")
    assert [(d.loc.file, d.loc.line) for d in found] == [("course.yml", 1), (WEEK, 1)]
    assert found[0].message == "the course has 1 week(s); the target is 4–5"
    assert found[1].message == ("week 1 (bienvenue) has about 11.6 min of work, under the "
                                "90 min–150 min band (target 120 min ± 25%)")


def test_weekly_workload_a_week_just_over_an_hour_is_not_about_two_hours(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md, minutes: 61}")})
    [d] = findings(root, "MF111", overrides={"MF111": {"min_weeks": 1}})
    assert "about 61 min of work, under the 90 min–150 min band" in d.message


def test_weekly_workload_quiet_inside_the_band(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md, minutes: 100}", PRACTICE)})
    assert findings(root, "MF111", overrides={"MF111": {"min_weeks": 1}}) == []


def test_weekly_workload_options_and_course_target(make_course):
    root = make_course({WEEK: week_yml("{reading: intro.md, minutes: 100}", PRACTICE)})
    opts = {"MF111": {"min_weeks": 1, "max_minutes": 90}}
    [d] = findings(root, "MF111", overrides=opts)
    assert "over the 90 min–90 min band" in d.message
    course_yml = (root / "course.yml").read_text()
    (root / "course.yml").write_text(course_yml + "workload: {weekly_minutes: 400}\n")
    [d] = findings(root, "MF111", overrides={"MF111": {"min_weeks": 1}})
    assert "under the 300 min–500 min band (target 400 min ± 25%)" in d.message


def test_weekly_workload_reads_the_course_tolerance_and_estimates(make_course):
    # 100 declared minutes + a one-question practice quiz at 1.5 min: 101.5 minutes
    root = make_course({WEEK: week_yml("{reading: intro.md, minutes: 100}", PRACTICE)})
    quiet = {"MF111": {"min_weeks": 1}}
    assert findings(root, "MF111", overrides=quiet) == []
    course_yml = (root / "course.yml").read_text()
    (root / "course.yml").write_text(course_yml + "workload: {tolerance: 0.1}\n")
    [d] = findings(root, "MF111", overrides=quiet)
    assert "under the 108 min–132 min band (target 120 min ± 10%)" in d.message
    (root / "course.yml").write_text(
        course_yml + "workload: {tolerance: 0.1, estimates: {quiz_question: 10}}\n")
    assert findings(root, "MF111", overrides=quiet) == []


# --------------------------------------------------------------------------- MF112


def test_video_length_warns_then_errors(make_course):
    root = make_course({WEEK: week_yml(video(1, 420), video(2, 1200), PRACTICE)})
    first, second = findings(root, "MF112")
    assert (first.loc.line, first.severity, first.item) == (FIRST_ITEM_LINE, "warning", "v1")
    assert first.message == ("video 'v1' lasts 7 min (declared duration), over the "
                             "recommended 6 min")
    assert (second.loc.line, second.severity) == (FIRST_ITEM_LINE + 1, "error")
    assert "over the maximum 15 min" in second.message


def test_video_length_quiet_for_short_videos(make_course):
    root = make_course({WEEK: week_yml(video(1, 300), PRACTICE)})
    assert findings(root, "MF112") == []


def test_video_length_coursera_profile_and_options(make_course):
    root = make_course({WEEK: week_yml(video(1, 400), PRACTICE)})  # 6.7 min
    assert len(findings(root, "MF112")) == 1
    assert findings(root, "MF112", profile="coursera") == []
    [d] = findings(root, "MF112", overrides={"video-length": {"hard_max_minutes": 6.5}})
    assert d.severity == "error"


# --------------------------------------------------------------------------- MF113


def test_reading_length_points_at_the_markdown_file(make_course):
    long_text = "# Long\n\n" + "mot " * 1600 + "\n"
    root = make_course({"weeks/01-bienvenue/intro.md": long_text,
                        "weeks/01-bienvenue/intro.en.md": "# Intro\n\n" + "word " * 200})
    [d] = findings(root, "MF113")
    assert (d.loc.file, d.loc.line, d.item) == ("weeks/01-bienvenue/intro.md", 1, "intro")
    assert d.message == "reading 'intro' (fr) has 1,601 words, over the 1,500-word maximum"


def test_reading_length_quiet_in_range(make_course):
    root = make_course({"weeks/01-bienvenue/intro.md": "# Intro\n\n" + "mot " * 300,
                        "weeks/01-bienvenue/intro.en.md": "# Intro\n\n" + "word " * 300})
    assert findings(root, "MF113") == []


def test_reading_length_options_and_profile(make_course):
    root = make_course({"weeks/01-bienvenue/intro.md": "# Intro\n\n" + "mot " * 300,
                        "weeks/01-bienvenue/intro.en.md": "# Intro\n\n" + "word " * 300})
    assert len(findings(root, "MF113", profile="coursera")) == 2  # floor 800 words
    assert findings(root, "MF113", overrides={"reading-length": {"max_words": 200}})[0] \
        .message.endswith("over the 200-word maximum")


# --------------------------------------------------------------------------- MF114


def test_same_type_run_reports_the_fourth_video(make_course):
    root = make_course({WEEK: week_yml(*(video(n, 60) for n in range(1, 5)), PRACTICE)})
    [d] = findings(root, "MF114")
    assert (d.loc.line, d.item) == (FIRST_ITEM_LINE + 3, "v4")
    assert d.message == "4 video items in a row in week 1 (from 'v1'; limit 3)"


def test_same_type_run_quiet_when_interleaved(make_course):
    root = make_course({WEEK: week_yml(video(1, 60), video(2, 60), PRACTICE, video(3, 60))})
    assert findings(root, "MF114") == []


def test_same_type_run_coursera_allows_two(make_course):
    root = make_course({WEEK: week_yml(video(1, 60), video(2, 60), video(3, 60), PRACTICE)})
    assert findings(root, "MF114") == []
    [d] = findings(root, "MF114", profile="coursera")
    assert d.item == "v3"
    assert findings(root, "MF114", overrides={"MF114": {"max_run": 2, "kinds": ["reading"]}}) \
        == []
