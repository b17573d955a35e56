"""python -m sfkg: the command-line interface."""

from .cli import main

main()
