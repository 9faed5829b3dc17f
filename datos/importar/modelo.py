"""Lo que la importación devuelve: problemas (rechazo) o un resumen (aceptado)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Problema:
    archivo: str
    fila: int | None          # línea del editor de texto o fila de Excel, tal como la ve el usuario
    columna: str | None
    valor: str | None
    problema: str
    que_hacer: str


class Rechazo(Exception):
    """El archivo no se puede importar; `problemas` los lista todos."""

    def __init__(self, problemas: list[Problema]):
        super().__init__(f"{len(problemas)} problema(s)")
        self.problemas = problemas


@dataclass
class Lectura:
    """Cómo se leyó el archivo: familia, encabezados y a qué campo va cada columna."""
    archivo: str
    familia: str
    detalle: str                      # codificación, separador, hoja…
    unidad: str                       # "línea" (texto) o "fila" (Excel)
    fila_encabezado: int
    encabezados: list[str]
    mapeo: dict[str, int]             # campo → índice de columna
    fuente: object = field(default=None, repr=False)   # FuenteCsv | FuenteExcel (datos.importar.leer)


@dataclass
class Resultado:
    archivo: str
    hash: str
    lectura: Lectura | None = None
    problemas: list[Problema] = field(default_factory=list)
    vista_previa: object = None       # tabla Arrow de las primeras filas normalizadas
    filas_leidas: int = 0
    nuevas: int = 0
    actualizadas: int = 0
    sin_cambio: int = 0
    duplicados: int = 0
    otras_actividades: int = 0
    transiciones: dict[str, int] = field(default_factory=dict)   # "REGISTRADO → ATENDIDO": 12
    advertencias: list[str] = field(default_factory=list)
    ya_importado: str | None = None   # «el 05/11/2026 14:30 por ana»
    importacion_id: int | None = None

    @property
    def aceptado(self) -> bool:
        return not self.problemas

    @property
    def importado(self) -> bool:
        """Verdadero si el archivo quedó en la base (ahora o en una importación anterior)."""
        return self.importacion_id is not None or self.ya_importado is not None
