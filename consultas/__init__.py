"""Consultas con nombre: cada una es un archivo .sql de esta carpeta con parámetros $nombre (las corre datos.sql)."""
from datos.sql import CARPETA, consultar, ejecutar, sql

__all__ = ["CARPETA", "consultar", "ejecutar", "sql"]
