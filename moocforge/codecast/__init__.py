"""Codecasts: narrated code tutorials the learner can pause, edit and run.

- `timeline`: applying a codecast's steps to its code (pure; used by rules and writers);
- `player`: what the player of every target shows, as data (steps, code states, timings);
- `narrate`: narration audio per language with espeak-ng, and its cue list;
- `record`: a codecast file from a sequence of snapshot folders or git commits;
- `check`: the declared runs, with gcc in the exercise sandbox (`moocforge check`).

This module stays light: writers and rules import `timeline` and `player` only.
"""
