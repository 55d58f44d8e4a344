"""``python -m foreningsregler``: the command line, as the ``foreningsregler`` script."""

from .cli import main

main()
