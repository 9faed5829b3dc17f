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
    hoja: str | None = None   # en un libro de Excel, la hoja de esa fila
    lugar: str | None = None  # si la fila se nombra de otro modo: «tabla 2, fila 14» (una página HTML)

    @property
    def donde(self) -> str:
        """«hoja «SQL Results», fila 12», «línea 12», «tabla 2, fila 14» o «archivo», como lo busca el usuario."""
        if self.lugar:
            return self.lugar
        if self.hoja:
            return f"hoja «{self.hoja}», fila {self.fila}" if self.fila else f"hoja «{self.hoja}»"
        return f"línea {self.fila}" if self.fila else "archivo"


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
    fuente: object = field(default=None, repr=False)   # FuenteCsv (texto.py) | FuenteTabla (tabla.py)
    hoja: str | None = None           # la hoja leída de un libro
    hojas_omitidas: list[str] = field(default_factory=list)
    aproximados: dict[str, int] = field(default_factory=dict)      # campo → columna tomada por parecido
    repetidas: dict[str, list[int]] = field(default_factory=dict)  # campo → otras columnas con el mismo nombre
    primera_columna: int = 0          # columnas vacías a la izquierda (calamine las omite; Excel no)
    tipo: str = "ordenes"             # "ordenes" | "facturas": qué familia se reconoció (columnas.CATALOGOS)
    formatos: dict[str, str] = field(default_factory=dict)  # formato_<c> → el formato de la columna fecha_<c>

    @property
    def catalogo(self):
        from datos.importar.columnas import FACTURAS, ORDENES
        return FACTURAS if self.tipo == "facturas" else ORDENES

    def letra(self, indice: int) -> str:
        from datos.importar.columnas import letra_columna
        return letra_columna(indice + self.primera_columna)


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
    varias_actividades: int = 0       # OT escritas en varias filas, una por actividad (cuentan una vez)
    transiciones: dict[str, int] = field(default_factory=dict)   # "REGISTRADO → ATENDIDO": 12
    advertencias: list[str] = field(default_factory=list)
    ya_importado: str | None = None   # «el 05/11/2026 14:30 por ana»
    importacion_id: int | None = None

    @property
    def tipo(self) -> str:
        """Qué se importó: "ordenes" o "facturas" (en una factura, nuevas/actualizadas cuentan facturas y
        otras_actividades, cargos de otros conceptos)."""
        return self.lectura.tipo if self.lectura is not None else "ordenes"

    @property
    def aceptado(self) -> bool:
        return not self.problemas

    @property
    def importado(self) -> bool:
        """Verdadero si el archivo quedó en la base (ahora o en una importación anterior)."""
        return self.importacion_id is not None or self.ya_importado is not None
