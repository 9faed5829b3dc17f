"""`python -m datos …`: la orden de siempre; la línea de comandos vive en cli/ (cli/programas.py)."""
import sys

from cli.programas import datos as main

if __name__ == "__main__":
    sys.exit(main())
