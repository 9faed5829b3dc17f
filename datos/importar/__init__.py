"""Un solo camino de importación para toda exportación de Smartflex: detectar → mapear → validar → escribir.

Cada familia (órdenes, facturación CxC) es datos: sus columnas, su SQL y sus mensajes (familias.py); los pasos se
escriben aquí una sola vez. El archivo se valida entero antes de escribir; si hay algún problema no se escribe nada.
La escritura es una sola transacción: un proceso interrumpido deja la base como estaba. El mismo contenido dos veces
no cambia nada.
"""
from __future__ import annotations

import hashlib
import json
import mmap
import os
import re
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path

import blake3
import numpy as np

from datos import archivos
from datos.conexion import transaccion
from datos.formato import texto_entero
from datos.importar.familias import FAMILIAS, PIE, Familia
from datos.importar.fechas import FORMATOS_NS, FORMATOS_US, formatos_por_columna, sin_hora
from datos.importar.leer import es_libro, leer
from datos.importar.modelo import Lectura, Problema, Rechazo, Resultado
from datos.permisos import Usuario, exigir
from datos.reloj import hoy

__all__ = ["importar_archivo", "Resultado", "Problema", "Lectura"]


def _nada(fraccion: float, texto: str) -> None:
    pass


def importar_archivo(con, origen: Path | str | bytes, nombre: str | None = None, usuario: Usuario | None = None, *,
                     confirmar: bool = True, avance=_nada, solo_propios: bool = False) -> Resultado:
    """Valida el archivo y, si `confirmar` y no hay problemas, lo escribe. Devuelve lo que pasó (o pasaría).
    Pide «importar» y, al saber la familia, su permiso («importar_ordenes», «importar_facturas»).
    Un archivo en disco se abre sin seguir enlaces y se revisa en el descriptor abierto (archivos.abrir_para_leer);
    `solo_propios`: también se rechaza uno de otra cuenta (la carpeta de entrada)."""
    exigir(usuario, "importar")
    ruta = None if isinstance(origen, bytes) else Path(origen)
    res = Resultado(nombre or (ruta.name if ruta else "archivo"), "")
    try:
        descriptor, estado = archivos.abrir_para_leer(ruta, solo_propios) if ruta else (None, None)
    except archivos.ArchivoAjeno as e:
        res.problemas = [Problema(res.archivo, None, None, None, f"No se importó: {e}.",
                                  "Importe el archivo mismo, uno común de la cuenta que corre el tablero.")]
        return res
    try:
        return _importar(con, res, origen if ruta is None else _leer(descriptor), ruta, descriptor,
                         None if estado is None else _huella_estado(estado), usuario, confirmar, avance)
    finally:
        if descriptor is not None:
            os.close(descriptor)


def _importar(con, res: Resultado, datos, ruta, descriptor, huella, usuario, confirmar, avance) -> Resultado:
    nombre = res.archivo
    # DuckDB lee el archivo por su ruta: un enlace duro al descriptor abierto (/proc/self/fd) es el archivo revisado.
    enlazable = None if descriptor is None else _enlazable(descriptor)
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
        res.lectura = leer(cur, datos, nombre, enlazable)
        familia = FAMILIAS[res.lectura.tipo]
        exigir(usuario, familia.permiso)
        avance(0.1, "Leyendo y validando cada fila…")
        _validar(cur, familia, res, saltos.result)
        if res.problemas:
            return res
        avance(0.7, "Comparando con la base…")
        with transaccion(cur) as t:
            if _ya_importado(cur, res, legado):  # otra sesión pudo importarlo mientras se validaba
                return res
            _comparar(cur, familia, res)
            if confirmar:
                avance(0.8, "Escribiendo…")
                _escribir(cur, familia, res, usuario)
                _exigir_igual(ruta, huella, nombre)  # antes del COMMIT: lo que se leyó es el archivo entero
            else:
                t.descartar()  # la revisión compara con la base pero no escribe
        avance(1.0, "Listo.")
    except Rechazo as r:
        res.problemas, res.importacion_id = r.problemas, None  # si ya se había escrito, se deshizo (ROLLBACK)
    finally:
        hilo.shutdown()
        if isinstance(datos, mmap.mmap):
            datos.close()
        if res.lectura is not None:
            res.lectura.fuente.cerrar()
            res.lectura.fuente = None  # el contenido del archivo (o la hoja en Arrow) no sigue en memoria con el resumen
        cur.close()
    return res


def _leer(descriptor: int) -> bytes | mmap.mmap:
    """El archivo mapeado en memoria: leer 200 MB antes de empezar costaba 0,2 s; DuckDB lo lee por su cuenta."""
    try:
        return mmap.mmap(descriptor, 0, access=mmap.ACCESS_READ)
    except (ValueError, OSError):  # vacío, o un archivo que no se puede mapear
        partes = []
        while parte := os.read(descriptor, 1 << 20):
            partes.append(parte)
        return b"".join(partes)


def _enlazable(descriptor: int) -> Path | None:
    """Una ruta que nombra el archivo abierto (y no lo que haya hoy en su nombre), para un enlace duro; None si el
    sistema no la da (sin /proc: se copia el contenido)."""
    ruta = Path(f"/proc/self/fd/{descriptor}")
    return ruta if ruta.exists() else None


def _huella_estado(estado) -> tuple:
    return estado.st_ino, estado.st_size, estado.st_mtime_ns


def _huella_ruta(ruta: Path) -> tuple:
    return _huella_estado(os.stat(ruta, follow_symlinks=False))


def _exigir_igual(ruta: Path | None, huella: tuple | None, nombre: str) -> None:
    """Un archivo que cambió mientras se leía (una exportación que se sigue escribiendo) no se importa a medias."""
    if ruta is not None and _huella_ruta(ruta) != huella:
        raise Rechazo([Problema(nombre, None, None, None,
                                "El archivo cambió mientras se importaba (todavía se estaba escribiendo o copiando): "
                                "no se importó nada.",
                                "Vuelva a importarlo cuando termine de copiarse; la carpeta de entrada lo toma sola "
                                "en la próxima corrida.")])


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


def _ejecutar(cur, sql: str, parametros: dict | None = None):
    """Cada sentencia con los parámetros que usa: DuckDB sólo los acepta en la última sentencia de un execute y
    rechaza los que sobran. Devuelve el cursor de la última (la que da el resultado)."""
    for sentencia in (s for s in sql.split(";\n") if s.strip()):
        cur.execute(sentencia, _usados(sentencia, parametros) or None)
    return cur


def _usados(sql: str, parametros: dict | None) -> dict:
    return {k: v for k, v in (parametros or {}).items() if re.search(rf"\${k}\b", sql)}


def _validar(cur, familia: Familia, res: Resultado, saltos) -> None:
    """`normalizado` y la lista completa de problemas. `saltos()`: cuántos "\\n" tiene el archivo (lo cuenta el otro
    hilo; sólo se espera si hace falta)."""
    lectura = res.lectura
    _definir_entrada(cur, lectura)
    normalizar = familia.sql("normalizar").replace("celdas_txt", _texto_fila(lectura))
    lectura.formatos = formatos_por_columna(cur, familia.fechas)
    lectura.fuente.materializar(normalizar, _usados(normalizar, {
        "formatos": FORMATOS_US, "formatos_ns": FORMATOS_NS, "hoy": hoy(), **lectura.formatos}))
    lectura.detalle = lectura.fuente.detalle  # la codificación pudo corregirse al leer
    # El pie (totales) son las filas del final que dicen ser un pie (PIE); sin él ni las vacías queda `numerado`.
    # `celdas` (el texto de la fila) sólo lo guardan las filas que no son un dato seguro (sin OT, sin factura).
    ((n, corte),) = cur.execute("""
        SELECT count(*), coalesce(max(rowid) FILTER (WHERE NOT vacia AND NOT coalesce(regexp_full_match(celdas, $pie),
                                                                                       false)), -1)
        FROM normalizado_t""", {"pie": PIE}).fetchall()
    cur.execute(f"CREATE OR REPLACE TEMP VIEW numerado AS SELECT t.rowid AS pos, {lectura.fuente.numerar(n, saltos)} "
                f"AS fila, t.* FROM normalizado_t t WHERE NOT t.vacia AND t.rowid <= {int(corte)}")
    opciones = familia.opciones(lectura.mapeo)
    cur.execute("CREATE OR REPLACE TEMP TABLE opciones AS SELECT "
                + ", ".join(f"${k} AS {k}" for k in opciones), opciones)  # nombres de campos del catálogo
    _ejecutar(cur, familia.sql("normalizado"))
    # Cómo se llama en el archivo cada campo, para nombrar en un problema sólo las columnas que difieren.
    campos = list(lectura.catalogo.campos)
    cur.execute("CREATE OR REPLACE TEMP TABLE columnas_leidas AS SELECT unnest($campos) AS campo, "
                "unnest($columnas) AS columna", {"campos": campos,
                                                  "columnas": [_nombre_columna(lectura, c) for c in campos]})
    res.problemas = [
        replace(_repetida(lectura, fila, valor, int(problema)) if campo == "repetida" else
                Problema(lectura.archivo, fila, _nombre_columna(lectura, campo), valor, problema, que_hacer,
                         lectura.hoja), lugar=lectura.fuente.lugar(fila))
        for fila, campo, valor, problema, que_hacer
        in _ejecutar(cur, familia.sql("problemas"), {"hoy": hoy()}).fetchall()]
    resumen = _ejecutar(cur, familia.sql("resumen"))
    for (nombre, *_), valor in zip(resumen.description, resumen.fetchall()[0]):  # filas_leidas, duplicados…
        setattr(res, nombre, valor)
    # Arrow y no pandas: la línea de comandos no paga el medio segundo que tarda en cargarse pandas.
    res.vista_previa = cur.sql(familia.sql("vista_previa").rstrip().rstrip(";")).to_arrow_table()
    if res.filas_leidas == 0 and not res.problemas:
        res.problemas = [Problema(lectura.archivo, None, None, None, familia.sin_filas,
                                  "Revise los filtros usados al exportar desde Smartflex.", lectura.hoja)]
    if familia.fechas_futuras and not res.problemas:
        res.advertencias += _fechas_futuras(cur, familia, lectura)


def _definir_entrada(cur, lectura: Lectura) -> None:
    """La vista `entrada`: un VARCHAR `<campo>_txt` por campo de la familia (NULL si el archivo no lo trae),
    `difiere_txt` (columnas repetidas que no coinciden) y cada celda tal cual (`celda<k>`, para _texto_fila). La lee
    normalizar.sql de cada familia."""
    columnas = ", ".join(
        f"c{lectura.mapeo[campo]} AS {campo}_txt" if campo in lectura.mapeo else f"NULL::VARCHAR AS {campo}_txt"
        for campo in lectura.catalogo.campos)  # identificadores generados aquí, nunca valores del archivo
    celdas = ", ".join(f"c{k} AS celda{k}" for k in range(len(lectura.encabezados)))
    cur.execute(f"CREATE OR REPLACE TEMP VIEW entrada AS SELECT fila AS fila_origen, lugar, {columnas}, "
                f"{_difiere(lectura)} AS difiere_txt{', ' if celdas else ''}{celdas} FROM crudo")


def _texto_fila(lectura: Lectura) -> str:
    """Expresión SQL: el texto de la fila entera (sus celdas no vacías separadas por un espacio), NULL si está en
    blanco. Va escrita en cada uso (normalizar.sql dice `celdas_txt`) y no como columna de `entrada`: dentro de un
    CASE, DuckDB la calcula sólo en las filas del caso; como columna, en todas (+0,3 s de CPU cada 200.000 filas)."""
    celdas = ", ".join(f"celda{k}" for k in range(len(lectura.encabezados)))
    return f"nullif(trim(concat_ws(' ', {celdas})), '')" if celdas else "NULL::VARCHAR"


def _difiere(lectura: Lectura) -> str:
    """Expresión SQL: qué columnas repetidas (mismo encabezado que la leída, p. ej. dos ORDER_ID de un join) difieren
    de ella en la fila, como «campo:índice» separados por comas; NULL si ninguna. Se compara el valor leído (el número,
    la fecha), no el texto. Sólo índices y formatos de este módulo van en el texto, nada del archivo."""
    if not lectura.repetidas:
        return "NULL::VARCHAR"
    formatos = "[" + ", ".join(f"'{f}'" for f in FORMATOS_US) + "]"

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
    return lectura.encabezados[indice] if indice is not None else lectura.catalogo.campos[campo][0]


_PRIMERAS_FILAS = 5


def _fechas_futuras(cur, familia: Familia, lectura: Lectura) -> list[str]:
    """Un aviso por columna con fechas posteriores a hoy (mañana: lo que pasa de mañana ya se rechazó). Se importan
    igual; el aviso dice la columna, cuántas y dónde están las primeras."""
    dia = hoy()
    avisos = []
    for campo, veces, filas in cur.execute(familia.sql("fechas_futuras"),
                                           {"hoy": dia, "primeras": _PRIMERAS_FILAS}).fetchall():
        unidad = "fila" if lectura.hoja else lectura.unidad
        lugares = ", ".join(str(f) for f in filas) + (", …" if veces > len(filas) else "")
        donde = (f"la hoja «{lectura.hoja}», {unidad}" if lectura.hoja else f"la {unidad}" if veces == 1
                 else f"las {unidad}") + ("" if veces == 1 else "s") + f" {lugares}"
        columna = _nombre_columna(lectura, campo)
        avisos.append(
            f"Columna «{columna}» ({lectura.catalogo.campos[campo][0].lower()}): {texto_entero(veces)} "
            + ("fecha posterior" if veces == 1 else "fechas posteriores")
            + f" a hoy ({dia:%d/%m/%Y}), en {donde}. Se importan igual; revise si la exportación salió con la hora "
              "de otra zona horaria (UTC) o con el reloj adelantado.")
    return avisos


def _comparar(cur, familia: Familia, res: Resultado) -> None:
    """El archivo frente a la base (cambios.sql deja las tablas de comparación y cuenta), sin escribir."""
    parametros = {**familia.opciones(res.lectura.mapeo), **sin_hora(res.lectura.formatos),
                  "unicas": res.filas_leidas - res.duplicados}
    ((res.nuevas, res.actualizadas, res.sin_cambio),) = _ejecutar(cur, familia.sql("cambios"), parametros).fetchall()
    res.transiciones = {f"{a} → {b}": n for a, b, n in cur.execute(familia.sql("transiciones")).fetchall()}
    res.advertencias += [aviso for (aviso,) in cur.execute(familia.sql("avisos")).fetchall()]


def _escribir(cur, familia: Familia, res: Resultado, usuario: Usuario) -> None:
    resumen = {"transiciones": res.transiciones, "advertencias": res.advertencias,
               "detalle": res.lectura.detalle}
    (res.importacion_id,) = cur.execute("""
        INSERT INTO importaciones (archivo, hash, familia, tipo, filas_leidas, nuevas, actualizadas, sin_cambio,
                                   duplicados, otras_actividades, resumen, usuario)
        VALUES ($archivo, $hash, $familia, $tipo, $filas, $nuevas, $actualizadas, $sin_cambio, $duplicados, $otras,
                $resumen, $usuario) RETURNING id""", {
        "archivo": res.archivo, "hash": res.hash, "familia": res.lectura.familia, "tipo": familia.tipo,
        "filas": res.filas_leidas, "nuevas": res.nuevas, "actualizadas": res.actualizadas,
        "sin_cambio": res.sin_cambio, "duplicados": res.duplicados, "otras": res.otras_actividades,
        "resumen": json.dumps(resumen, ensure_ascii=False), "usuario": usuario.usuario}).fetchone()
    _ejecutar(cur, familia.sql("escribir"), {"importacion": res.importacion_id})
