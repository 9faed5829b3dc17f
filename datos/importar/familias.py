"""Las familias de exportaciones de Smartflex, como datos: cada una es sus columnas (columnas.py), su SQL
(sql/<familia>/*.sql) y sus mensajes. El camino (__init__.py) es uno solo y no pregunta qué familia lee.

Órdenes: una fila por OT (OR_ORDER con su actividad). Facturación CxC: una factura (FACTURA) tiene fecha, estado,
cliente y CI/NIT; sus cargos (CARGOS) apuntan a la solicitud (CARGDOSO = 'PP-' || PACKAGE_ID, o «Nro. Solicitud»),
con importe y signo (DB débito, CR crédito); una exportación posterior actualiza el estado de cada factura y guarda
su historial (historial_facturas).

Lo que hace cada archivo sql/<familia>/…: normalizar (entrada → normalizado_t, la única pasada por el archivo),
normalizado (numerado → la vista normalizado), problemas, resumen (filas leídas, otras, duplicados), vista_previa,
cambios (frente a la base; termina con nuevas, actualizadas y sin cambio), transiciones, avisos, escribir y, si la
familia los da, fechas_futuras.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from datos.importar.columnas import FACTURAS, ORDENES, Catalogo

_CARPETA_SQL = Path(__file__).parent / "sql"

# El pie de una exportación se reconoce por lo que dice, nunca por faltarle la OT: una fila sin número de orden
# al final es una fila mala (se rechaza con su línea), no un pie. Se compara con el texto de la fila entera (sus celdas
# no vacías separadas por un espacio), y sólo en las filas después de la última que no es pie ni está vacía.
PIE = (r"(?i)^(?:(?:sub)?total(?:es)?\b.*"                                    # «TOTAL», «Total de registros: 3»
       r"|(?:(?:n[°º.]?|nro\.?|cantidad|n[uú]mero)\s+de\s+)?(?:registros|filas|[oó]rdenes|ots|facturas|cargos)"
       r"\s*:?\s*\d[\d.,]*\.?"                                                 # «Registros: 1525»
       r"|\d[\d.,]*\s+(?:filas?|registros?|rows?|[oó]rdenes|facturas)"
       r"(?:\s+(?:seleccionad[oa]s?|selected|encontrad[oa]s?|listad[oa]s?))?\.?"  # «3 filas seleccionadas.»
       r"|no\s+rows\s+selected\.?|ninguna\s+fila\s+seleccionada\.?|no\s+se\s+ha\s+seleccionado\s+ninguna\s+fila\.?"
       r"|fin\s+del\s+(?:reporte|informe|listado)\.?)$")


@dataclass(frozen=True)
class Familia:
    catalogo: Catalogo
    permiso: str                       # además de «importar»
    fechas: tuple[str, ...]            # columnas fecha_<c>: el formato de cada una se elige por muestra ($formato_<c>)
    sin_filas: str                     # el problema de un archivo sin datos
    # campo opcional → otras columnas que también lo traen ($con_<campo>: si el archivo no lo trae, se conserva
    # el valor anterior)
    juntos: dict[str, tuple[str, ...]] = field(default_factory=dict)
    fechas_futuras: bool = False       # avisar fechas posteriores a hoy (sólo en un archivo sin problemas)

    @property
    def tipo(self) -> str:
        return self.catalogo.tipo

    def sql(self, nombre: str) -> str:
        return _leer_sql(self.tipo, nombre)

    def opciones(self, mapeo: dict) -> dict[str, bool]:
        """con_<campo>: ¿trae el archivo ese campo (o una columna que lo trae)?"""
        return {f"con_{c}": c in mapeo or any(k in mapeo for k in self.juntos.get(c, ()))
                for c in self.catalogo.campos}


@cache
def _leer_sql(carpeta: str, nombre: str) -> str:
    return (_CARPETA_SQL / carpeta / f"{nombre}.sql").read_text(encoding="utf-8")


FAMILIAS = {f.tipo: f for f in (
    Familia(ORDENES, "importar_ordenes", ("registro", "atencion", "anulacion", "limite"),
            sin_filas="El archivo no tiene filas de órdenes.",
            juntos={"causal": ("causal_desc",), "unidad_operativa": ("unidad_desc",)}, fechas_futuras=True),
    Familia(FACTURAS, "importar_facturas", ("emision",),
            sin_filas="El archivo no tiene filas de facturas."),
)}
