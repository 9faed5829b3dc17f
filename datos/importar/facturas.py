"""La segunda familia del camino de importación: exportaciones de facturación (CxC). Mismo camino que las órdenes
(detectar → mapear → validar → escribir; todo o nada; el mismo archivo otra vez no cambia nada): `importar_archivo`
reconoce la familia por los encabezados y llama aquí para validar, comparar y escribir.

Una factura (FACTURA) tiene fecha, estado, cliente y CI/NIT; sus cargos (CARGOS) apuntan a la solicitud
(CARGDOSO = 'PP-' || PACKAGE_ID, o «Nro. Solicitud»), con importe y signo (DB débito, CR crédito). Una exportación
posterior actualiza el estado de cada factura y guarda su historial (historial_facturas).
"""
from __future__ import annotations

import json

from datos.importar.columnas import CAMPOS_FACTURAS
from datos.importar.modelo import Problema, Resultado
from datos.permisos import Usuario
from datos.reloj import hoy

# Campo opcional → si el archivo no lo trae, la factura conserva el valor anterior (facturas_cambios.sql).
_OPCIONALES = ("estado", "cliente", "ci_nit", "cuenta_cobro", "documento", "concepto")


def validar(cur, res: Resultado, saltos) -> None:
    """Como datos.importar._validar, para facturas: `normalizado` y la lista completa de problemas."""
    from datos.importar import _FORMATOS_NS, _FORMATOS_US, _mejor_formato, _repetida, _sql, definir_entrada

    lectura = res.lectura
    definir_entrada(cur, lectura, CAMPOS_FACTURAS)
    try:
        (muestra,) = cur.execute("SELECT list(fecha_emision_txt) FILTER (WHERE nullif(trim(fecha_emision_txt), '') "
                                 "IS NOT NULL)[1:50] FROM (SELECT * FROM entrada LIMIT 5000)").fetchone()
    except Exception:  # noqa: BLE001 — un archivo ilegible se informa al materializarlo, con su mensaje propio
        muestra = None
    lectura.fuente.materializar(_sql("facturas_normalizar"), {
        "formatos": _FORMATOS_US, "formatos_ns": _FORMATOS_NS, "hoy": hoy(),
        "formato_emision": _mejor_formato(cur, muestra or [])})
    lectura.detalle = lectura.fuente.detalle
    # El pie (totales) son las filas después de la última con factura y fecha legibles.
    ((n, corte),) = cur.execute("""
        SELECT count(*),
               coalesce(max(rowid) FILTER (WHERE factura IS NOT NULL AND fecha_emision IS NOT NULL AND NOT vacia),
                        max(rowid) FILTER (WHERE NOT vacia), -1)
        FROM normalizado_t""").fetchall()
    cur.execute(f"CREATE OR REPLACE TEMP VIEW numerado AS SELECT t.rowid AS pos, {lectura.fuente.numerar(n, saltos)} "
                f"AS fila, t.* FROM normalizado_t t WHERE NOT t.vacia AND t.rowid <= {int(corte)}")
    cur.execute("CREATE OR REPLACE TEMP TABLE opciones_facturas AS SELECT $signo AS con_signo, $estado AS con_estado",
                {"signo": "signo" in lectura.mapeo, "estado": "estado" in lectura.mapeo})
    cur.execute(_sql("facturas_normalizado"))
    campos = lectura.catalogo.campos
    res.problemas = [
        _repetida(lectura, fila, valor, int(problema)) if campo == "repetida" else
        Problema(lectura.archivo, fila,
                 lectura.encabezados[lectura.mapeo[campo]] if campo in lectura.mapeo else campos[campo][0],
                 valor, problema, que_hacer, lectura.hoja)
        for fila, campo, valor, problema, que_hacer
        in cur.execute(_sql("facturas_problemas"), {"hoy": hoy()}).fetchall()]
    ((res.filas_leidas, res.otras_actividades, res.duplicados),) = cur.execute("""
        SELECT count(*), count(*) FILTER (WHERE NOT es_poste),
               (SELECT coalesce(sum(veces - 1), 0) FROM lineas_repetidas WHERE variantes = 1)
        FROM normalizado""").fetchall()
    res.vista_previa = cur.sql("""
        SELECT fila, factura, fecha_emision, solicitud, concepto, signo, importe, estado_origen, estado
        FROM normalizado WHERE pos < 200 ORDER BY fila LIMIT 20""").to_arrow_table()
    if res.filas_leidas == 0 and not res.problemas:
        res.problemas = [Problema(lectura.archivo, None, None, None, "El archivo no tiene filas de facturas.",
                                  "Revise los filtros usados al exportar desde Smartflex.", lectura.hoja)]


def comparar(cur, res: Resultado) -> None:
    mapeo = res.lectura.mapeo
    _por_sentencia(cur, _sql_de("facturas_cambios"), {f"con_{c}": c in mapeo for c in _OPCIONALES})
    ((nuevas, actualizadas, sin_cambio),) = cur.execute("""
        WITH cambiadas AS (
            SELECT factura FROM facturas_existentes WHERE NOT igual
            UNION SELECT factura FROM lineas_existentes WHERE NOT igual
            UNION SELECT factura FROM lote_lineas ANTI JOIN lineas_existentes USING (linea)
        )
        SELECT (SELECT count(*) FROM lote_facturas ANTI JOIN facturas_existentes USING (factura)),
               count(*) FILTER (WHERE factura IN (SELECT factura FROM cambiadas)),
               count(*) FILTER (WHERE factura NOT IN (SELECT factura FROM cambiadas))
        FROM facturas_existentes""").fetchall()
    res.nuevas, res.actualizadas, res.sin_cambio = nuevas, actualizadas, sin_cambio
    res.transiciones = {f"{a} → {b}": n for a, b, n in cur.execute("""
        SELECT estado_anterior, estado, count(*) FROM facturas_existentes
        WHERE estado_anterior <> estado GROUP BY ALL ORDER BY 3 DESC, 1, 2""").fetchall()}
    for factura, in cur.execute("""
            SELECT factura FROM facturas_existentes WHERE estado_anterior = 'ANULADA' AND estado = 'VIGENTE'
            ORDER BY factura""").fetchall():
        res.advertencias.append(f"Factura {factura}: ANULADA → VIGENTE (una anulada vuelve a vigente; revise si la "
                                "exportación es más antigua).")


def escribir(cur, res: Resultado, usuario: Usuario) -> None:
    resumen = {"transiciones": res.transiciones, "advertencias": res.advertencias, "detalle": res.lectura.detalle}
    (res.importacion_id,) = cur.execute("""
        INSERT INTO importaciones (archivo, hash, familia, tipo, filas_leidas, nuevas, actualizadas, sin_cambio,
                                   duplicados, otras_actividades, resumen, usuario)
        VALUES ($archivo, $hash, $familia, 'facturas', $filas, $nuevas, $actualizadas, $sin_cambio, $duplicados,
                $otras, $resumen, $usuario) RETURNING id""", {
        "archivo": res.archivo, "hash": res.hash, "familia": res.lectura.familia, "filas": res.filas_leidas,
        "nuevas": res.nuevas, "actualizadas": res.actualizadas, "sin_cambio": res.sin_cambio,
        "duplicados": res.duplicados, "otras": res.otras_actividades,
        "resumen": json.dumps(resumen, ensure_ascii=False), "usuario": usuario.usuario}).fetchone()
    _por_sentencia(cur, _sql_de("facturas_escribir"), {"importacion": res.importacion_id})


def _por_sentencia(cur, sql: str, parametros: dict) -> None:
    """DuckDB sólo acepta parámetros en la última sentencia de un execute: una por una, con los que usa cada una."""
    for sentencia in sql.split(";\n"):
        if sentencia.strip():
            usados = {k: v for k, v in parametros.items() if f"${k}" in sentencia}
            cur.execute(sentencia, usados or None)


def _sql_de(nombre: str) -> str:
    from datos.importar import _sql
    return _sql(nombre)
