"""Importación: cada familia, cada rechazo (sin escribir nada), reimportación, exportación posterior."""
from __future__ import annotations

import datetime as dt
import hashlib
import io
import json

import blake3
import pytest
import xlsxwriter

from datos.importar import importar_archivo
from datos.permisos import PermisoDenegado
from tests.ayudas import JEFATURA, MUESTRAS, SISTEMA

ORDEN_KPI = ["ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv"]

ENCABEZADO = "Nro. Orden;Solicitud;Cod Actividad;Descripción Actividad;Estado;F. Registro;F. Atención;Causal;Zona"


def conteos_por_mes(con) -> dict:
    filas = con.execute("""
        SELECT strftime(fecha_registro, '%Y-%m'), count(*), count(*) FILTER (estado = 'ATENDIDO'),
               count(*) FILTER (estado = 'REGISTRADO'), count(*) FILTER (estado = 'ANULADO')
        FROM ordenes WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste) GROUP BY 1""").fetchall()
    return {m: {"total": t, "atendidos": a, "registrados": r, "anulados": n} for m, t, a, r, n in filas}


def esperado(clave_indice: int) -> dict:
    datos = list(json.loads((MUESTRAS / "kpi_esperado.json").read_text(encoding="utf-8")).values())[clave_indice]
    return {m: {k: v[k] for k in ("total", "atendidos", "registrados", "anulados")} for m, v in datos.items()}


def foto(con) -> tuple:
    """Todo lo que una importación puede tocar, para afirmar que no cambió nada."""
    return tuple(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
                 for t in ("ordenes", "historial_estados", "importaciones", "seguimientos"))


def importar(con, contenido: bytes | str, nombre="prueba.csv", **kw):
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    return importar_archivo(con, datos, nombre, usuario=SISTEMA, **kw)


@pytest.fixture(params=["subido", "en_disco"])
def importar_de(request, con, tmp_path):
    """Importa el mismo contenido como lo entrega la página (bytes) o la consola (un archivo, mapeado en memoria)."""
    def cargar(contenido: bytes | str, nombre="prueba.csv"):
        if request.param == "subido":
            return importar(con, contenido, nombre)
        ruta = tmp_path / "entrada" / nombre
        ruta.parent.mkdir(exist_ok=True)
        ruta.write_bytes(contenido.encode("utf-8") if isinstance(contenido, str) else contenido)
        return importar_archivo(con, ruta, usuario=SISTEMA)
    return cargar


# --- las muestras --------------------------------------------------------------------------------

def test_muestras_dan_el_kpi_esperado(con, muestra):
    for nombre in ORDEN_KPI:
        res = importar_archivo(con, muestra(nombre), usuario=SISTEMA)
        assert res.problemas == [] and res.importacion_id, nombre
    assert conteos_por_mes(con) == esperado(0)

    res = importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"), usuario=SISTEMA)
    assert res.problemas == []
    assert conteos_por_mes(con) == esperado(1)
    assert res.transiciones == {"REGISTRADO → ATENDIDO": 24, "REGISTRADO → ANULADO": 1}
    assert res.nuevas == 88 and res.actualizadas == 32 and res.sin_cambio == 431
    # el historial guarda el paso de cada OT: la que pasó a ANULADO tiene dos estados
    (ot,) = con.execute("SELECT ot FROM historial_estados WHERE estado_anterior = 'REGISTRADO' "
                        "AND estado = 'ANULADO'").fetchone()
    pasos = con.execute("SELECT estado_anterior, estado FROM historial_estados WHERE ot = $ot ORDER BY importacion_id",
                        {"ot": ot}).fetchall()
    assert pasos == [(None, "REGISTRADO"), ("REGISTRADO", "ANULADO")]


def test_familias_detectadas(con, muestra):
    familias = [importar_archivo(con, muestra(n), usuario=SISTEMA).lectura.familia for n in ORDEN_KPI]
    assert familias == ["Reporte CSV", "Reporte Excel", "Consulta OSF (CSV)"]


def test_xlsx_se_reconoce_por_contenido_no_por_extension(con, muestra):
    ruta = muestra("ordenes_reporte_2026_s1.xlsx")
    res = importar_archivo(con, ruta.read_bytes(), "exportacion.csv", usuario=SISTEMA)
    assert res.lectura.familia == "Reporte Excel" and res.nuevas == 772


def test_misma_importacion_dos_veces_no_cambia_nada(con, muestra):
    ruta = muestra("ordenes_osf_2026_s2.csv")
    primera = importar_archivo(con, ruta, usuario=SISTEMA)
    antes = foto(con)
    segunda = importar_archivo(con, ruta, usuario=SISTEMA)
    assert foto(con) == antes
    assert segunda.ya_importado and "pruebas" in segunda.ya_importado and segunda.importacion_id is None
    assert primera.importacion_id and segunda.importado


def test_el_hash_es_blake3_del_contenido(con, muestra):
    ruta = muestra("ordenes_osf_2026_s2.csv")
    res = importar_archivo(con, ruta, usuario=SISTEMA)
    guardado = con.execute("SELECT hash FROM importaciones WHERE id = $i", {"i": res.importacion_id}).fetchone()[0]
    assert guardado == res.hash == "blake3:" + blake3.blake3(ruta.read_bytes()).hexdigest()


def test_un_archivo_importado_con_sha512_se_sigue_reconociendo(con, muestra):
    # Una base de antes de la migración 006 guardó el SHA-512 del archivo, sin prefijo.
    ruta = muestra("ordenes_osf_2026_s2.csv")
    primera = importar_archivo(con, ruta, usuario=SISTEMA)
    con.execute("UPDATE importaciones SET hash = $h WHERE id = $i",
                {"h": hashlib.sha512(ruta.read_bytes()).hexdigest(), "i": primera.importacion_id})
    antes = foto(con)
    segunda = importar_archivo(con, ruta, usuario=SISTEMA)
    assert segunda.ya_importado and segunda.importacion_id is None and foto(con) == antes
    # otro contenido sí se importa, y ya con BLAKE3
    otra = importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"), usuario=SISTEMA)
    assert otra.importacion_id and otra.hash.startswith("blake3:")


# --- variantes de las familias -------------------------------------------------------------------

VARIANTE = [
    "COMTECO R.L.",
    "Generado: 01/11/2026 08:00",
    "",
    "N° Orden{s}NRO. SOLICITUD{s}Actividad{s}ESTADO OT{s}Fecha de Registro{s}Fecha Legalización{s}Motivo",
    "101{s}9001{s}52137 - Servicio de Ingeniería Traslado Poste Usuario{s}8 - LEGALIZADA{s}2026-10-01 09:30{s}2026-10-03{s}",
    "102{s}9002{s}8074 - LBC – Venta Servicio de Ingeniería{s}  registrada {s}05/10/2026{s}{s}",
    "103{s}9003{s}52001{s}Anulado{s}15/10/2026 14:00:59{s}{s}12 - Cliente desistió",
    "Total de registros: 3",
]


@pytest.mark.parametrize("sep", [";", ",", "|", "\t"])
@pytest.mark.parametrize("codificacion", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_otras_disposiciones_se_aceptan(con, importar_de, sep, codificacion):
    texto = "\r\n".join(VARIANTE).replace("{s}", sep)
    res = importar_de(texto.encode(codificacion))
    assert res.problemas == []
    assert (res.nuevas, res.otras_actividades, res.filas_leidas) == (3, 1, 3)
    filas = con.execute("SELECT ot, solicitud, actividad_codigo, estado, fecha_registro, causal FROM ordenes "
                        "ORDER BY ot").fetchall()
    assert filas == [
        (101, "9001", 52137, "ATENDIDO", dt.datetime(2026, 10, 1, 9, 30), None),
        (102, "9002", 8074, "REGISTRADO", dt.datetime(2026, 10, 5), None),
        (103, "9003", 52001, "ANULADO", dt.datetime(2026, 10, 15, 14, 0, 59), "Cliente desistió"),
    ]


def test_cp1252_con_raya_se_lee(con, importar_de):
    texto = "Nro_Orden;Cod Actividad;Descripción Actividad;Estado;F. Registro\n1;8074;LBC – Venta;Atendido;01/10/2026\n"
    res = importar_de(texto.encode("cp1252"))
    assert res.problemas == [] and res.lectura.detalle.startswith("Windows-1252")
    assert con.execute("SELECT actividad FROM ordenes").fetchone() == ("LBC – Venta",)


def test_cp1252_sin_bytes_0x80_0x9f_lo_lee_duckdb_como_latin1(con, importar_de):
    """Sin «–», «€» ni comillas curvas, Windows-1252 es Latin-1: DuckDB lo lee tal cual (sin pasarlo a UTF-8 en
    Python). Un campo de dos líneas obliga a numerar recorriendo el texto, que también se decodifica bien."""
    texto = ("Nro_Orden;Cod Actividad;Descripción Actividad;Estado;F. Registro;Observación\n"
             "1;8074;Instalación Ñandú;Atendido;01/10/2026;\"año\npróximo\"\n"
             "2;8074;Instalación Ñandú;Atendido;31/02/2026;\n")
    res = importar_de(texto.encode("cp1252"))
    assert res.lectura.detalle.startswith("Windows-1252")
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [(4, "F. Registro", "31/02/2026")]
    res = importar_de(texto.replace("31/02", "28/02").encode("cp1252"))
    assert res.problemas == []
    assert con.execute("SELECT actividad, observacion FROM ordenes ORDER BY ot").fetchall() == [
        ("Instalación Ñandú", "año\npróximo"), ("Instalación Ñandú", None)]


def test_cp1252_con_un_byte_que_no_define_se_lee_como_latin1(con, importar_de):
    texto = "Nro_Orden;Cod Actividad;Descripción Actividad;Estado;F. Registro\n1;8074;LBC – Venta;Atendido;01/10/2026\n"
    res = importar_de(texto.encode("cp1252").replace("Venta".encode(), b"Ven\x81ta"))
    assert res.problemas == [] and res.lectura.detalle.startswith("Latin-1")
    assert con.execute("SELECT actividad FROM ordenes").fetchone() == ("LBC \x96 Ven\x81ta",)


def test_cp1252_que_empieza_como_utf8_se_relee(con, importar_de):
    """El comienzo (lo que se mira para el encabezado) es ASCII; la «–» aparece pasados los primeros 256 KB."""
    filas = "".join(f"{ot};52137;Servicio;Atendido;01/10/2026\n" for ot in range(1, 10_001))
    texto = "Nro_Orden;Cod Actividad;Descripcion Actividad;Estado;F. Registro\n" + filas + "10001;8074;LBC – Venta;Atendido;01/10/2026\n"
    res = importar_de(texto.encode("cp1252"))
    assert res.problemas == [] and res.lectura.detalle.startswith("Windows-1252")
    assert con.execute("SELECT count(*), max(actividad) FILTER (ot = 10001) FROM ordenes").fetchone() == (
        10_001, "LBC – Venta")


def test_campo_con_salto_de_linea_y_linea_en_blanco_numeran_bien(importar_de):
    texto = ("Nro. Orden;Cod Actividad;Estado;F. Registro;Observaciones\n"
             "1;52137;Atendido;01/10/2026;\"dos\nlíneas\"\n"
             "\n"
             "2;52137;Atendido;31/02/2026;\n")
    res = importar_de(texto)
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [(5, "F. Registro", "31/02/2026")]


def excel(filas: list[list], fila_inicial=0, fechas_reales=True) -> bytes:
    salida = io.BytesIO()
    libro = xlsxwriter.Workbook(salida, {"in_memory": True})
    hoja = libro.add_worksheet("Órdenes")
    formato = libro.add_format({"num_format": "dd/mm/yyyy hh:mm"})
    for i, fila in enumerate(filas):
        for j, valor in enumerate(fila):
            if isinstance(valor, dt.datetime) and fechas_reales:
                hoja.write_datetime(fila_inicial + i, j, valor, formato)
            elif valor is not None:
                hoja.write(fila_inicial + i, j, valor)
    libro.close()
    return salida.getvalue()


def test_excel_con_filas_vacias_arriba_numera_como_excel(importar_de):
    contenido = excel([
        ["Reporte de órdenes"],
        [],
        ["ORDER_ID", "ACTIVITY_ID", "ORDER_STATUS_ID", "CREATED_DATE"],
        [5001.0, "52137 - SERVICIO DE INGENIERIA", "8 - LEGALIZADA", dt.datetime(2026, 9, 1, 8, 0)],
        [5002, "52137 - SERVICIO DE INGENIERIA", "99 - RARO", dt.datetime(2026, 9, 2, 8, 0)],
        ["TOTAL", 2],
    ], fila_inicial=3)
    res = importar_de(contenido, "osf.xlsx")
    assert res.lectura.familia == "Consulta OSF (Excel)" and res.lectura.fila_encabezado == 6
    assert [(p.fila, p.columna, p.valor) for p in res.problemas] == [(8, "ORDER_STATUS_ID", "99 - RARO")]


def test_excel_fecha_real_y_numero_como_float(con):
    contenido = excel([["N° OT", "Actividad", "Estado", "Fecha Registro"],
                       [5001.0, 52137, "Atendido", dt.datetime(2026, 9, 1, 8, 0)]])
    res = importar(con, contenido, "r.xlsx")
    assert res.problemas == []
    assert con.execute("SELECT ot, actividad_codigo, fecha_registro FROM ordenes").fetchall() == [
        (5001, 52137, dt.datetime(2026, 9, 1, 8, 0))]


# --- rechazos: se listan todos, no se escribe nada -----------------------------------------------

@pytest.fixture
def con_datos(con, muestra):
    importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA)
    return con


def rechazo(con, contenido, nombre="prueba.csv"):
    antes = foto(con)
    res = importar(con, contenido, nombre)
    assert res.problemas and res.importacion_id is None
    assert foto(con) == antes, "un archivo rechazado no debe escribir nada"
    return res.problemas


@pytest.mark.parametrize("contenido", [b"", b"   \r\n\r\n"])
def test_rechaza_vacio(con_datos, contenido):
    (p,) = rechazo(con_datos, contenido)
    assert "vacío" in p.problema


@pytest.mark.parametrize("contenido", [b"", b"  \n"])
def test_rechaza_vacio_en_disco(con, tmp_path, contenido):
    ruta = tmp_path / "vacio.csv"
    ruta.write_bytes(contenido)  # un archivo de 0 bytes no se puede mapear en memoria: se lee
    (p,) = importar_archivo(con, ruta, usuario=SISTEMA).problemas
    assert "vacío" in p.problema


def test_rechaza_lo_que_no_es_tabla(con_datos):
    (p,) = rechazo(con_datos, "Hola,\nesto es una carta\ny no una tabla\n")
    assert "No parece una tabla" in p.problema


def test_rechaza_binario_y_xls(con_datos):
    # un .xls se lee (tests/test_osf_real.py); uno roto se explica
    assert "(.xls) legible" in rechazo(con_datos, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600)[0].problema
    assert "No es un archivo de texto" in rechazo(con_datos, b"\x89PNG\r\n\x1a\n\0\0\0IHDR" * 10)[0].problema
    assert "zip" in rechazo(con_datos, b"PK\x03\x04" + b"\0" * 100)[0].problema


def test_rechaza_columnas_obligatorias_faltantes(con_datos):
    problemas = rechazo(con_datos, "Nro. Orden;Zona;Cliente\n1;Cercado;Ana\n")
    faltan = {p.columna for p in problemas}
    assert faltan == {"Actividad (código)", "Estado", "Fecha de registro"}
    assert all("«Nro. Orden», «Zona», «Cliente»" in p.problema for p in problemas)
    assert all(p.fila == 1 for p in problemas)


def test_lista_todos_los_problemas_a_la_vez(con_datos):
    texto = "\n".join([
        "Consulta de órdenes",
        "OT;Actividad;Estado;F. Registro;F. Atención",
        "1;52137;Atendido;31/02/2026;",          # línea 3: fecha imposible
        "2;52137;En revisión;01/10/2026;",       # línea 4: estado desconocido
        "3;52137;En revisión;01/10/2026;ayer",   # línea 5: estado desconocido + fecha ilegible
        "4;52137;Atendido;01/10/2026;",          # línea 6: la OT 4 dos veces con datos distintos…
        "4;52137;Anulado;01/10/2026;",           # línea 7
        "5;52137;Atendido;01/10/2026;",          # línea 8: idéntica a la 9 → se colapsa, no es problema
        "5;52137;Atendido;01/10/2026;",
        "x7;Sin código;Atendido;;",              # línea 10: OT, actividad y fecha de registro
        "8;52137;Atendido;01/10/2026;",
    ])
    problemas = rechazo(con_datos, texto)
    vistos = [(p.fila, p.columna, p.valor) for p in problemas]
    assert vistos == [
        (3, "F. Registro", "31/02/2026"),
        (4, "Estado", "En revisión"),
        (5, "F. Atención", "ayer"),
        (6, "OT", "4"),
        (10, "Actividad", "Sin código"),
        (10, "F. Registro", None),
        (10, "OT", "x7"),
    ]
    por_fila = {(p.fila, p.columna): p for p in problemas}
    assert "imposible" in por_fila[(3, "F. Registro")].problema
    assert "2 fila(s) (4, 5)" in por_fila[(4, "Estado")].problema
    assert "filas 6, 7" in por_fila[(6, "OT")].problema
    assert all(p.que_hacer for p in problemas)


def test_duplicado_identico_se_colapsa_y_se_cuenta(con):
    texto = "OT;Actividad;Estado;F. Registro\n1;52137;Atendido;01/10/2026\n1;52137;Atendido;01/10/2026\n"
    res = importar(con, texto)
    assert res.problemas == [] and res.duplicados == 1 and res.nuevas == 1


def test_numero_de_orden_solo_digitos(con):
    buenas = {" 42 ": 42, "0123": 123, "5001.0": 5001, "9000000000": 9000000000}
    malas = ["+5", "-5", "1_000", "1e3", "0x10", "12 3", "10000000000000000000"]
    filas = [f"{ot};52137;Atendido;01/10/2026" for ot in [*malas, *buenas]]  # al final serían el pie
    res = importar(con, "OT;Actividad;Estado;F. Registro\n" + "\n".join(filas) + "\n")
    assert sorted(p.valor for p in res.problemas if p.columna == "OT") == sorted(malas)
    res = importar(con, "OT;Actividad;Estado;F. Registro\n" + "\n".join(filas[len(malas):]) + "\n")
    assert res.problemas == []
    assert sorted(ot for (ot,) in con.execute("SELECT ot FROM ordenes").fetchall()) == sorted(buenas.values())


def test_repetida_lejos_tambien_se_detecta(con):
    texto = "OT;Actividad;Estado;F. Registro\n5;52137;Atendido;01/10/2026\n7;52137;Atendido;01/10/2026\n" \
            "5;52137;Registrado;01/10/2026\n"
    (p,) = importar(con, texto).problemas
    assert (p.fila, p.valor) == (2, "5") and "filas 2, 4" in p.problema


def test_resumen_cuenta_otras_actividades_sin_copias_ni_pie(con):
    texto = ("OT;Actividad;Estado;F. Registro\n"
             "1;52137;Atendido;01/10/2026\n2;52300 - Traslado de línea;Atendido;01/10/2026\n"
             "2;52300 - Traslado de línea;Atendido;01/10/2026\n3;52300 - Traslado de línea;Registrado;02/10/2026\n"
             ";;;\nTOTAL;;;\n")
    res = importar(con, texto)
    assert res.problemas == []
    assert (res.filas_leidas, res.duplicados, res.nuevas, res.otras_actividades) == (4, 1, 3, 2)
    assert con.execute("SELECT count(*), count(DISTINCT ot) FROM ordenes").fetchall() == [(3, 3)]
    assert con.execute("SELECT count(*) FROM historial_estados").fetchall() == [(3,)]


def test_linea_con_columnas_de_mas_se_lista(con_datos):
    texto = "OT;Actividad;Estado;F. Registro\n1;52137;Atendido;01/10/2026\n2;52137;Atendido;01/10/2026;x\n" \
            "3;52137;Atendido;01/10/2026\n4;52137;Atendido;01/10/2026;y;z\n"
    problemas = rechazo(con_datos, texto)
    assert [p.fila for p in problemas] == [3, 5]


def test_estado_desconocido_no_se_adivina(con_datos):
    (p,) = rechazo(con_datos, "OT;Actividad;Estado;F. Registro\n1;52137;Pendiente de firma;01/10/2026\n")
    assert p.valor == "Pendiente de firma" and "no se adivina" in p.que_hacer
    # con código, decide el código: uno que no está en la tabla tampoco se adivina por su descripción
    (p,) = rechazo(con_datos, "OT;Actividad;Estado;F. Registro\n1;52137;21 - CERRADA;01/10/2026\n")
    assert p.valor == "21 - CERRADA" and "desconocido" in p.problema


def test_jefatura_no_puede_importar(con):
    with pytest.raises(PermisoDenegado):
        importar_archivo(con, b"x", "x.csv", usuario=JEFATURA)


# --- exportación posterior -----------------------------------------------------------------------

def test_exportacion_posterior_actualiza_y_advierte_retrocesos(con):
    importar(con, "OT;Actividad;Estado;F. Registro;Zona\n1;52137;Atendido;01/10/2026;Cercado\n"
                  "2;52137;Registrado;02/10/2026;Sacaba\n3;52137;Registrado;02/10/2026;Vinto\n", "a.csv")
    # la segunda exportación no trae zona: se conserva la anterior
    res = importar(con, "OT;Actividad;Estado;F. Registro\n1;52137;Registrado;01/10/2026\n"
                        "2;52137;Atendido;02/10/2026\n3;52137;Registrado;02/10/2026\n", "b.csv")
    assert res.transiciones == {"ATENDIDO → REGISTRADO": 1, "REGISTRADO → ATENDIDO": 1}
    assert res.actualizadas == 2 and res.sin_cambio == 1
    assert len(res.advertencias) == 1 and "OT 1: ATENDIDO → REGISTRADO" in res.advertencias[0]
    assert con.execute("SELECT ot, estado, zona FROM ordenes ORDER BY ot").fetchall() == [
        (1, "REGISTRADO", "Cercado"), (2, "ATENDIDO", "Sacaba"), (3, "REGISTRADO", "Vinto")]
    assert con.execute("SELECT count(*) FROM historial_estados").fetchone() == (5,)


def test_vista_previa_sin_confirmar_no_escribe(con):
    antes = foto(con)
    res = importar(con, "OT;Actividad;Estado;F. Registro\n1;52137;Atendido;01/10/2026\n", confirmar=False)
    assert res.problemas == [] and res.nuevas == 1 and res.importacion_id is None
    assert len(res.vista_previa) == 1
    assert foto(con) == antes


def test_el_resumen_no_guarda_el_contenido_del_archivo(con, tmp_path):
    """La página guarda el Resultado de cada archivo revisado: no debe arrastrar el archivo (ni la hoja en Arrow)."""
    import pickle

    filas = "\n".join(f"{7_000_000 + i};52137;Atendido;01/10/2026;{'x' * 60}" for i in range(60_000))
    contenido = f"OT;Actividad;Estado;F. Registro;Observación\n{filas}\n".encode("utf-8")
    assert len(contenido) > 5_000_000
    res = importar(con, contenido, confirmar=False)
    assert not res.problemas and res.lectura.fuente is None
    assert len(pickle.dumps(res)) < 100_000


def test_errores_de_duckdb(tmp_path):
    """leer.tipo_de_error_csv reconoce los errores de read_csv por su texto: cada uno, provocado con la versión de
    DuckDB instalada. Si una versión nueva cambia las frases, esto falla (y no la importación de un usuario)."""
    import duckdb

    from datos.importar.leer import tipo_de_error_csv

    def error(contenido: bytes, **opciones) -> duckdb.Error:
        ruta = tmp_path / f"e{len(list(tmp_path.iterdir()))}.csv"
        ruta.write_bytes(contenido)
        columnas = {"c0": "VARCHAR", "c1": "VARCHAR"}
        with pytest.raises(duckdb.Error) as e:
            duckdb.connect().execute(
                "SELECT * FROM read_csv($r, delim=';', quote='\"', escape='\"', header=false, columns=$c, "
                "auto_detect=false, null_padding=true, parallel=$p)",
                {"r": str(ruta), "c": columnas, "p": opciones.get("parallel", True)}).fetchall()
        return e.value

    assert tipo_de_error_csv(error("a;Ni\xf1o\n".encode("latin-1"))) == "codificacion"
    assert tipo_de_error_csv(error(b"a;b\nc;d;e;f\n")) == "columnas_de_mas"
    largo = b"".join(b'%d;"uno\ndos"\n' % i for i in range(200_000))
    assert tipo_de_error_csv(error(largo)) == "paralelo"
    assert tipo_de_error_csv(duckdb.Error("otra cosa")) is None
