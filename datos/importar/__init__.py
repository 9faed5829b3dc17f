"""Un solo camino de importación para toda exportación de Smartflex: detectar → mapear → validar → escribir.

Dos familias, reconocidas por sus encabezados (columnas.CATALOGOS): órdenes y facturación CxC (facturas.py). El
archivo se valida entero antes de escribir; si hay algún problema no se escribe nada. La escritura es una sola
transacción: un proceso interrumpido deja la base como estaba. El mismo contenido dos veces no cambia nada.
"""
from __future__ import annotations

import hashlib
import json
import mmap
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path

import blake3
import duckdb
import numpy as np

from datos.formato import texto_entero
from datos.conexion import transaccion
from datos.dominio import FINALES
from datos.reloj import hoy
from datos.importar.columnas import CAMPOS
from datos.importar.leer import es_libro, leer
from datos.importar.modelo import Lectura, Problema, Rechazo, Resultado
from datos.permisos import Usuario, exigir

__all__ = ["importar_archivo", "Resultado", "Problema", "Lectura"]

_CARPETA_SQL = Path(__file__).parent / "sql"
# Campo opcional → las columnas que lo traen: uno que el archivo no trae conserva el valor anterior (cambios.sql).
_OPCIONALES = {"solicitud": ("solicitud",), "fecha_atencion": ("fecha_atencion",),
               "fecha_anulacion": ("fecha_anulacion",), "causal": ("causal", "causal_desc"),
               "causal_clase": ("causal_clase",), "fecha_limite": ("fecha_limite",),
               "unidad_operativa": ("unidad_operativa", "unidad_desc"), "tipo_trabajo": ("tipo_trabajo",),
               "tecnico": ("tecnico",), "cliente": ("cliente",), "ci_nit": ("ci_nit",), "direccion": ("direccion",),
               "zona": ("zona",), "observacion": ("observacion",)}
_FECHAS = ("registro", "atencion", "anulacion", "limite")
# Día primero, ISO y lo que escriben SQL Developer y TOAD con NLS español: DD/MM/RR, TIMESTAMP con fracción y coma
# decimal («23/07/26 16:24:00,000000000»), DD-MON-RR. Cada formato de año con dos dígitos (%y) va antes que su
# gemelo de cuatro (%Y): %Y también lee «26», como el año 0026.
FORMATOS_FECHA = [
    "%d/%m/%y %H:%M:%S,%n", "%d/%m/%y %H:%M:%S", "%d/%m/%y %H:%M", "%d/%m/%y",
    "%d/%m/%Y %H:%M:%S,%n", "%d/%m/%Y %H:%M:%S.%f", "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y",
    "%d-%m-%y %H:%M:%S", "%d-%m-%y", "%d-%m-%Y %H:%M:%S", "%d-%m-%Y %H:%M", "%d-%m-%Y",
    "%d-%b-%y %H:%M:%S", "%d-%b-%y %I.%M.%S.%n %p", "%d-%b-%y %H:%M", "%d-%b-%y",
    "%d-%b-%Y %H:%M:%S", "%d-%b-%Y %H:%M", "%d-%b-%Y",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S", "%Y/%m/%d"]
# Una lista con %n (nanosegundos) da TIMESTAMP_NS, que no llega al año 0026: un año imposible quedaría «ilegible» en
# vez de explicarse. Esos formatos van en su propia lista, después.
_FORMATOS_NS = [f for f in FORMATOS_FECHA if "%n" in f]
_FORMATOS_US = [f for f in FORMATOS_FECHA if "%n" not in f]


@cache
def _sql(nombre: str) -> str:
    return (_CARPETA_SQL / f"{nombre}.sql").read_text(encoding="utf-8")


def _nada(fraccion: float, texto: str) -> None:
    pass


def importar_archivo(con, origen: Path | str | bytes, nombre: str | None = None, usuario: Usuario | None = None, *,
                     confirmar: bool = True, avance=_nada) -> Resultado:
    """Valida el archivo y, si `confirmar` y no hay problemas, lo escribe. Devuelve lo que pasó (o pasaría).
    Pide «importar» y, al saber la familia, «importar_ordenes» o «importar_facturas» (PermisoDenegado si no)."""
    from datos.importar import facturas

    exigir(usuario, "importar")
    if isinstance(origen, bytes):
        datos, ruta, nombre = origen, None, nombre or "archivo"
    else:
        ruta = Path(origen)
        datos, nombre = _abrir(ruta), nombre or ruta.name
    res = Resultado(nombre, "")
    cur = con.cursor()
    hilo = ThreadPoolExecutor(1)
    try:
        # BLAKE3 tarda ~0,03 s con 200 MB: un archivo ya importado se reconoce antes de leerlo.
        res.hash, legado = _huella(datos, _hay_hashes_legados(cur))
        if _ya_importado(cur, res, legado):
            return res
        # La cuenta de saltos de línea (para numerar las líneas de un CSV) corre mientras DuckDB lee el archivo.
        saltos = hilo.submit(_contar_saltos, datos)
        avance(0.05, "Leyendo el archivo…")
        res.lectura = leer(cur, datos, nombre, ruta)
        de_facturas = res.lectura.tipo == "facturas"
        exigir(usuario, "importar_facturas" if de_facturas else "importar_ordenes")
        avance(0.1, "Leyendo y validando cada fila…")
        (facturas.validar if de_facturas else _validar)(cur, res, saltos.result)
        if res.problemas:
            return res
        avance(0.7, "Comparando con la base…")
        with transaccion(cur) as t:
            if _ya_importado(cur, res, legado):  # otra sesión pudo importarlo mientras se validaba
                return res
            (facturas.comparar if de_facturas else _comparar)(cur, res)
            if confirmar:
                avance(0.8, "Escribiendo…")
                (facturas.escribir if de_facturas else _escribir)(cur, res, usuario)
            else:
                t.descartar()  # la revisión compara con la base pero no escribe
        avance(1.0, "Listo.")
    except Rechazo as r:
        res.problemas = r.problemas
    finally:
        hilo.shutdown()
        if isinstance(datos, mmap.mmap):
            datos.close()
        if res.lectura is not None:
            res.lectura.fuente.cerrar()
            res.lectura.fuente = None  # el contenido del archivo (o la hoja en Arrow) no sigue en memoria con el resumen
        cur.close()
    return res


def _abrir(ruta: Path) -> bytes | mmap.mmap:
    """El archivo mapeado en memoria: leer 200 MB antes de empezar costaba 0,2 s; DuckDB lo lee por su cuenta."""
    with ruta.open("rb") as f:
        try:
            return mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        except (ValueError, OSError):  # vacío, o un archivo que no se puede mapear
            return ruta.read_bytes()


def _hay_hashes_legados(cur) -> bool:
    """¿Hay importaciones de antes de BLAKE3? Guardaron el SHA-512 en hex, sin prefijo (migración 006)."""
    return cur.execute("SELECT count(*) > 0 FROM importaciones WHERE NOT starts_with(hash, 'blake3:')").fetchone()[0]


def _huella(datos: bytes | mmap.mmap, legado: bool) -> tuple[str, str | None]:
    """El hash del contenido: BLAKE3 (criptográfico y ~10× más rápido que SHA-512 en esta máquina) y, sólo si la base
    tiene importaciones anteriores, también el SHA-512 con el que se guardaron, para reconocerlas."""
    nuevo = "blake3:" + blake3.blake3(datos, max_threads=blake3.blake3.AUTO).hexdigest()
    return nuevo, hashlib.sha512(datos).hexdigest() if legado else None


def _contar_saltos(datos: bytes | mmap.mmap) -> int:
    """Cuántos "\\n" tiene un CSV. numpy cuenta sin copiar el contenido (bytes.count pedía una copia)."""
    if es_libro(datos):
        return 0
    with memoryview(datos) as vista:
        return sum(int(np.count_nonzero(np.frombuffer(vista[i:i + (1 << 22)], np.uint8) == 10))
                   for i in range(0, len(vista), 1 << 22))


def _ya_importado(cur, res: Resultado, legado: str | None) -> bool:
    fila = cur.execute("SELECT fecha, usuario FROM importaciones WHERE hash = $h OR hash = $legado ORDER BY id LIMIT 1",
                       {"h": res.hash, "legado": legado}).fetchone()
    if fila:
        res.ya_importado = f"el {fila[0]:%d/%m/%Y %H:%M} por {fila[1]}"
    return fila is not None


def _validar(cur, res: Resultado, saltos) -> None:
    """`saltos()`: cuántos "\\n" tiene el archivo (lo cuenta el otro hilo; sólo se espera si hace falta)."""
    lectura = res.lectura
    definir_entrada(cur, lectura, CAMPOS)
    lectura.fuente.materializar(_sql("normalizar"), {"formatos": _FORMATOS_US, "formatos_ns": _FORMATOS_NS,
                                                     "hoy": hoy(), **_formatos_fecha(cur)})
    lectura.detalle = lectura.fuente.detalle  # la codificación pudo corregirse al leer
    # El pie (totales) son las filas después de la última OT numérica; sin él ni las vacías queda `numerado`.
    ((n, corte),) = cur.execute("""
        SELECT count(*), coalesce(max(rowid) FILTER (WHERE ot IS NOT NULL AND NOT vacia),
                                  max(rowid) FILTER (WHERE NOT vacia), -1)
        FROM normalizado_t""").fetchall()
    cur.execute(f"CREATE OR REPLACE TEMP VIEW numerado AS SELECT t.rowid AS pos, {lectura.fuente.numerar(n, saltos)} "
                f"AS fila, t.* FROM normalizado_t t WHERE NOT t.vacia AND t.rowid <= {int(corte)}")
    cur.execute(_sql("normalizado"))
    res.problemas = [
        _repetida(lectura, fila, valor, int(problema)) if campo == "repetida" else
        Problema(lectura.archivo, fila, _nombre_columna(lectura, campo), valor, problema, que_hacer, lectura.hoja)
        for fila, campo, valor, problema, que_hacer in cur.execute(_sql("problemas"), {"hoy": hoy()}).fetchall()]
    ((res.filas_leidas, res.otras_actividades, res.duplicados),) = cur.execute("""
        SELECT count(*),
               count(*) FILTER (WHERE actividad_txt IN (
                   SELECT actividad_txt FROM actividades_leidas
                   WHERE actividad_codigo NOT IN (SELECT codigo FROM actividades_poste))),
               (SELECT coalesce(sum(veces - 1), 0) FROM ot_repetidas)
        FROM numerado""").fetchall()
    if res.duplicados:  # las copias no cuentan como órdenes de otras actividades
        ((res.otras_actividades,),) = cur.execute("""
            SELECT count(DISTINCT ot) FILTER (WHERE actividad_codigo NOT IN (SELECT codigo FROM actividades_poste))
            FROM normalizado""").fetchall()
    # Las primeras filas del archivo son las primeras posiciones: `pos` evita ordenar todo el archivo.
    # Arrow y no pandas: la línea de comandos no paga el medio segundo que tarda en cargarse pandas.
    res.vista_previa = cur.sql("""
        SELECT fila, ot, solicitud, actividad_codigo, actividad, estado_origen, estado, fecha_registro,
               fecha_atencion, causal, unidad_operativa, zona
        FROM normalizado WHERE pos < 200 ORDER BY fila LIMIT 20""").to_arrow_table()
    if res.filas_leidas == 0 and not res.problemas:
        res.problemas = [Problema(lectura.archivo, None, None, None, "El archivo no tiene filas de órdenes.",
                                  "Revise los filtros usados al exportar desde Smartflex.", lectura.hoja)]
    if not res.problemas:
        res.advertencias += _fechas_futuras(cur, lectura)


_PRIMERAS_FILAS = 5


def _fechas_futuras(cur, lectura: Lectura) -> list[str]:
    """Un aviso por columna con fechas de registro, atención o anulación posteriores a hoy (mañana: lo que pasa de
    mañana ya se rechazó). Se importan igual; el aviso dice la columna, cuántas y dónde están las primeras."""
    dia = hoy()
    avisos = []
    for campo, veces, filas in cur.execute(_sql("fechas_futuras"), {"hoy": dia, "primeras": _PRIMERAS_FILAS}).fetchall():
        unidad = "fila" if lectura.hoja else lectura.unidad
        lugares = ", ".join(str(f) for f in filas) + (", …" if veces > len(filas) else "")
        donde = (f"la hoja «{lectura.hoja}», {unidad}" if lectura.hoja else f"la {unidad}" if veces == 1
                 else f"las {unidad}") + ("" if veces == 1 else "s") + f" {lugares}"
        columna = _nombre_columna(lectura, campo)
        avisos.append(
            f"Columna «{columna}» ({CAMPOS[campo][0].lower()}): {texto_entero(veces)} "
            + ("fecha posterior" if veces == 1 else "fechas posteriores")
            + f" a hoy ({dia:%d/%m/%Y}), en {donde}. Se importan igual; revise si la exportación salió con la hora "
              "de otra zona horaria (UTC) o con el reloj adelantado.")
    return avisos


def _formatos_fecha(cur) -> dict[str, str]:
    """El formato que mejor lee una muestra de cada columna de fecha (parámetros formato_*). Probar formatos que
    fallan es caro en DuckDB (~20 µs por intento): se elige uno por columna y la lista completa queda sólo para
    las filas que no calcen. La muestra sale de las primeras filas: una columna vacía no obliga a leer todo."""
    columnas = ", ".join(f"list(fecha_{c}_txt) FILTER (WHERE nullif(trim(fecha_{c}_txt), '') IS NOT NULL)[1:50]"
                         for c in _FECHAS)  # nombres fijos de este módulo
    try:
        (muestras,) = cur.execute(f"SELECT {columnas} FROM (SELECT * FROM entrada LIMIT 5000)").fetchall()
    except duckdb.Error:  # un archivo ilegible se informa al materializarlo, con su mensaje propio
        muestras = [None] * len(_FECHAS)
    return {f"formato_{c}": _mejor_formato(cur, muestra or []) for c, muestra in zip(_FECHAS, muestras)}


def _mejor_formato(cur, muestra: list[str]) -> str:
    mejor, aciertos = FORMATOS_FECHA[0], -1
    for formato in FORMATOS_FECHA if muestra else ():
        ((n,),) = cur.execute("SELECT count(try_strptime(v, $f)) FROM unnest($m) t(v)",
                              {"f": formato, "m": muestra}).fetchall()
        if n > aciertos:
            mejor, aciertos = formato, n
        if n == len(muestra):
            break
    return mejor


def definir_entrada(cur, lectura: Lectura, campos) -> None:
    """La vista `entrada`: un VARCHAR `<campo>_txt` por campo de la familia (NULL si el archivo no lo trae) y
    `difiere_txt` (columnas repetidas que no coinciden). La leen normalizar.sql y facturas_normalizar.sql."""
    columnas = ", ".join(
        f"c{lectura.mapeo[campo]} AS {campo}_txt" if campo in lectura.mapeo else f"NULL::VARCHAR AS {campo}_txt"
        for campo in campos)  # identificadores generados aquí, nunca valores del archivo
    cur.execute(f"CREATE OR REPLACE TEMP VIEW entrada AS SELECT fila AS fila_origen, {columnas}, "
                f"{_difiere(lectura)} AS difiere_txt FROM crudo")


def _difiere(lectura: Lectura) -> str:
    """Expresión SQL: qué columnas repetidas (mismo encabezado que la leída, p. ej. dos ORDER_ID de un join) difieren
    de ella en la fila, como «campo:índice» separados por comas; NULL si ninguna. Se compara el valor leído (el número,
    la fecha), no el texto. Sólo índices y formatos de este módulo van en el texto, nada del archivo."""
    if not lectura.repetidas:
        return "NULL::VARCHAR"
    formatos = "[" + ", ".join(f"'{f}'" for f in _FORMATOS_US) + "]"

    def valor(k: int, campo: str) -> str:
        if campo == "ot":
            return f"coalesce(CAST(TRY_CAST(regexp_extract(c{k}, '^\\s*(\\d+)(?:\\.0+)?\\s*$', 1) AS BIGINT) AS VARCHAR), limpio(c{k}))"
        if campo.startswith("fecha_"):
            return f"coalesce(CAST(leer_fecha(c{k}, {formatos}) AS VARCHAR), limpio(c{k}))"
        return f"limpio(c{k})"
    casos = [f"CASE WHEN {valor(lectura.mapeo[campo], campo)} IS DISTINCT FROM {valor(j, campo)} THEN '{campo}:{j}' END"
             for campo, otras in lectura.repetidas.items() for j in otras]
    return f"nullif(concat_ws(',', {', '.join(casos)}), '')"


def _repetida(lectura: Lectura, fila: int, clave: str, veces: int) -> Problema:
    campo, otra = clave.split(":")
    una, dos = lectura.mapeo[campo], int(otra)
    return Problema(
        lectura.archivo, fila, f"{lectura.encabezados[una]} (columnas {lectura.letra(una)} y {lectura.letra(dos)})", None,
        f"Las columnas {lectura.letra(una)} y {lectura.letra(dos)} tienen el mismo encabezado "
        f"(«{lectura.catalogo.campos[campo][0]}») "
        f"y valores distintos en {veces} fila(s); ésta es la primera. No se adivina cuál es la buena.",
        "Un join exportó la columna dos veces: deje sólo la que corresponde (o dele otro alias en la consulta) "
        "y vuelva a exportar.", lectura.hoja)


def _nombre_columna(lectura: Lectura, campo: str) -> str:
    indice = lectura.mapeo.get(campo)
    return lectura.encabezados[indice] if indice is not None else CAMPOS[campo][0]


def _comparar(cur, res: Resultado) -> None:
    unicas = res.filas_leidas - res.duplicados
    # Las repetidas ya se comprobaron idénticas: basta con quedarse con la primera de cada OT.
    if res.duplicados:
        cur.execute("""CREATE OR REPLACE TEMP TABLE copias AS
            SELECT pos FROM numerado WHERE ot IN (SELECT ot FROM ot_repetidas)
            QUALIFY row_number() OVER (PARTITION BY ot ORDER BY pos) > 1""")
    cur.execute("CREATE OR REPLACE TEMP VIEW lote AS SELECT * EXCLUDE (pos, fila) FROM normalizado"
                + (" ANTI JOIN copias USING (pos)" if res.duplicados else ""))
    cur.execute(_sql("cambios"), {f"con_{c}": any(k in res.lectura.mapeo for k in columnas)
                                  for c, columnas in _OPCIONALES.items()})
    ((existentes, res.actualizadas, res.sin_cambio),) = cur.execute(
        "SELECT count(*), count(*) FILTER (NOT igual), count(*) FILTER (igual) FROM existentes").fetchall()
    res.nuevas = unicas - existentes
    res.transiciones = {f"{a} → {b}": n for a, b, n in cur.execute("""
        SELECT estado_anterior, estado, count(*) FROM existentes
        WHERE estado_anterior <> estado GROUP BY ALL ORDER BY 3 DESC, 1, 2""").fetchall()}
    for ot, antes, ahora in cur.execute("""
            SELECT ot, estado_anterior, estado FROM existentes
            WHERE estado_anterior IN ('ATENDIDO', 'ANULADO') AND estado_anterior <> estado ORDER BY ot""").fetchall():
        tipo = "retrocede" if ahora not in FINALES else "cambia de un estado final a otro"
        res.advertencias.append(f"OT {ot}: {antes} → {ahora} ({tipo}; revise si la exportación es más antigua).")


def _escribir(cur, res: Resultado, usuario: Usuario) -> None:
    resumen = {"transiciones": res.transiciones, "advertencias": res.advertencias,
               "detalle": res.lectura.detalle}
    (res.importacion_id,) = cur.execute("""
        INSERT INTO importaciones (archivo, hash, familia, filas_leidas, nuevas, actualizadas, sin_cambio,
                                   duplicados, otras_actividades, resumen, usuario)
        VALUES ($archivo, $hash, $familia, $filas, $nuevas, $actualizadas, $sin_cambio, $duplicados, $otras,
                $resumen, $usuario) RETURNING id""", {
        "archivo": res.archivo, "hash": res.hash, "familia": res.lectura.familia, "filas": res.filas_leidas,
        "nuevas": res.nuevas, "actualizadas": res.actualizadas, "sin_cambio": res.sin_cambio,
        "duplicados": res.duplicados, "otras": res.otras_actividades,
        "resumen": json.dumps(resumen, ensure_ascii=False), "usuario": usuario.usuario}).fetchone()
    # DuckDB sólo acepta parámetros en la última sentencia de un execute: una por una.
    for sentencia in _sql("escribir").split(";\n"):
        if sentencia.strip():
            cur.execute(sentencia, {"importacion": res.importacion_id} if "$importacion" in sentencia else None)
