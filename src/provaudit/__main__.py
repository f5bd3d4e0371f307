"""``python -m provaudit``: the same command line as the ``provaudit`` script."""

from .cli import cli

if __name__ == "__main__":
    cli(prog_name="provaudit")
