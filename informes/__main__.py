"""`python -m informes …`: la orden de siempre; la línea de comandos vive en cli/ (cli/informes.py)."""
import sys

from cli.comun import correr
from cli.informes import main

if __name__ == "__main__":
    sys.exit(correr(main))
