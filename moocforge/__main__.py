"""`python -m moocforge …` runs the command line."""

from moocforge.cli import main

main()
