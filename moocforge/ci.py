"""The CI files `moocforge ci init` writes: lint on every push, build packages as artifacts.

Both run from the repository root, so report paths (GitHub annotations) name the files as
the repository does; both cache `build/` so that unchanged courses are skipped.
"""

from __future__ import annotations

GITHUB_WORKFLOW = """\
# Written by `moocforge ci init`: lint every course on every push, build the packages.
name: moocforge
on:
  push:
  pull_request:
permissions:
  contents: read
jobs:
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install moocforge
        run: pip install moocforge
      - name: Lint (annotations on the changed files)
        run: moocforge lint . --no-media --format github --fail-on error
  build:
    needs: lint
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.11"
      - name: Install moocforge and ffmpeg
        run: |
          sudo apt-get update
          sudo apt-get install -y ffmpeg
          pip install moocforge
      - uses: actions/cache@v4
        with:
          path: build
          key: moocforge-build-${{ github.ref_name }}-${{ github.sha }}
          restore-keys: moocforge-build-${{ github.ref_name }}-
      - name: Build every course and variant
        run: moocforge build . --fail-on error
      - uses: actions/upload-artifact@v4
        with:
          name: packages
          path: |
            build/*/olx/*.tar.gz
            build/*/coursera/*.zip
            build/programs/
          if-no-files-found: warn
"""

GITLAB_CI = """\
# Written by `moocforge ci init`: lint every course on every push, build the packages.
stages:
  - lint
  - build

default:
  image: python:3.11
  before_script:
    - pip install moocforge

lint:
  stage: lint
  script:
    - moocforge lint . --no-media --format junit > lint-report.xml
  artifacts:
    when: always
    reports:
      junit: lint-report.xml

build:
  stage: build
  needs: [lint]
  script:
    - apt-get update && apt-get install -y ffmpeg
    - moocforge build . --fail-on error
  cache:
    key: moocforge-build-$CI_COMMIT_REF_SLUG
    paths:
      - build/
  artifacts:
    paths:
      - build/*/olx/*.tar.gz
      - build/*/coursera/*.zip
      - build/programs/
    expire_in: 30 days
"""


def github_workflow() -> str:
    return GITHUB_WORKFLOW


def gitlab_ci() -> str:
    return GITLAB_CI
