"""`python -m consultas …`: la orden de siempre; la línea de comandos vive en cli/ (cli/consultas.py)."""
import sys

from cli.comun import correr
from cli.consultas import main

if __name__ == "__main__":
    sys.exit(correr(main))
