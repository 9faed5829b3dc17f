"""`python -m informes …`: la orden de siempre; la línea de comandos vive en cli/ (cli/programas.py)."""
import sys

from cli.programas import informes as main

if __name__ == "__main__":
    sys.exit(main())
