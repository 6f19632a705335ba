"""The ``briefgen`` command and ``python -m briefgen``.

Library warnings are silenced here, before the command line's own imports (Typer, click)
can emit one: a deprecation inside cryptography, click or openpyxl is for briefgen's
maintainers (``make test-latest`` shows them), and a clerk would read it, with its file paths,
as a fault of the document. What matters to the user briefgen says itself, located. Child
processes (the batch's workers) inherit the setting through the environment.
"""

import os
import warnings


def main() -> None:
    """Run the command line with no library warning reaching the user."""
    warnings.simplefilter("ignore")
    os.environ["PYTHONWARNINGS"] = "ignore"
    from briefgen.cli import main as run

    run()


if __name__ == "__main__":
    main()
