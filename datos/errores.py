"""Un rechazo que se le explica al usuario: su mensaje, en español, dice qué pasó y qué hacer. Las páginas y la
línea de comandos muestran el mensaje de cualquier ErrorUsuario (paginas.comun.avisos.hacer); cualquier otro error es un
defecto: se registra en el log y el usuario ve un aviso corto, nunca una traza (app.py)."""
from __future__ import annotations


class ErrorUsuario(Exception):
    """Algo que el usuario puede corregir o que no le está permitido."""


class DatoInvalido(ErrorUsuario, ValueError):
    """Un dato escrito por el usuario que no se puede guardar (fecha, texto, código…)."""
