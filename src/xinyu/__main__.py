"""``python -m xinyu`` runs the same command as the ``xinyu`` console script."""

from xinyu.cli import run

if __name__ == "__main__":
    run()
