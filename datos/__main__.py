"""`python -m datos …`: la orden de siempre; la línea de comandos vive en cli/ (cli/datos.py)."""
import sys

from cli.comun import correr
from cli.datos import main

if __name__ == "__main__":
    sys.exit(correr(main))
