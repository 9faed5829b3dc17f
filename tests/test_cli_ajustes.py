"""`python -m datos actividades …` y `python -m datos estados …`: configuración por línea de comandos, auditada
como en «Administración», sin crear nunca una base."""
from __future__ import annotations

from pathlib import Path

import pytest

from datos import conexion
from cli.programas import datos as main
from tests.ayudas import correr_proceso


@pytest.fixture
def correr(en_proceso):
    """`python -m datos ARGS…` en este proceso (test_sin_db_usa_seguimiento_db arranca uno de verdad)."""
    return lambda *args: en_proceso(main, *args)


@pytest.fixture
def base(base_migrada) -> Path:
    """Una base real con las migraciones aplicadas, cerrada (la CLI la abre por su cuenta)."""
    return base_migrada


def leer(ruta, sql: str) -> list[tuple]:
    con = conexion.conectar(ruta)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def auditoria(ruta) -> list[tuple]:
    return leer(ruta, "SELECT usuario, accion, detalle FROM auditoria ORDER BY id")


def un_error(r) -> str:
    """El error de un cambio rechazado: código 1, una sola línea en español por stderr, nada por stdout."""
    assert r.returncode == 1, r.stdout + r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    lineas = r.stderr.strip().splitlines()
    assert len(lineas) == 1 and lineas[0].startswith("Error: "), r.stderr
    return lineas[0]


# --- Actividades ----------------------------------------------------------------------------------

def test_actividades_listar_alineado(base, correr):
    r = correr("actividades", "listar", "--db", base)
    assert r.returncode == 0, r.stderr
    lineas = r.stdout.splitlines()
    filas = leer(base, "SELECT codigo, descripcion FROM actividades_poste ORDER BY codigo")
    assert lineas[0].split() == ["CÓDIGO", "DESCRIPCIÓN"] and len(lineas) == 1 + len(filas) >= 3
    # La descripción empieza en la misma columna en todas las líneas; el código va alineado a la derecha.
    inicio = lineas[0].index("DESCRIPCIÓN")
    for linea, (codigo, descripcion) in zip(lineas[1:], filas):
        assert linea[inicio:] == descripcion and linea[:inicio].strip() == str(codigo)
        assert linea[:len("CÓDIGO")].endswith(str(codigo))


def test_actividades_agregar_cambiar_quitar_quedan_auditadas(base, correr):
    r = correr("actividades", "agregar", "52999", "Traslado de poste especial", "--db", base)
    assert r.returncode == 0, r.stderr
    assert r.stdout == "Actividad 52999 – Traslado de poste especial agregada.\n"
    r = correr("actividades", "agregar", "52999", "Traslado de poste especial", "--db", base)
    assert r.returncode == 0 and "sin cambios" in r.stdout
    r = correr("actividades", "agregar", "52999", "Traslado de poste (especial)", "--db", base)
    assert r.returncode == 0 and "«Traslado de poste especial» → «Traslado de poste (especial)»" in r.stdout
    assert leer(base, "SELECT descripcion FROM actividades_poste WHERE codigo = 52999") == \
        [("Traslado de poste (especial)",)]
    r = correr("actividades", "quitar", "52999", "--db", base)
    assert r.returncode == 0 and r.stdout == "Actividad 52999 quitada.\n"
    assert leer(base, "SELECT count(*) FROM actividades_poste WHERE codigo = 52999") == [(0,)]

    cambios = auditoria(base)
    assert [accion for _, accion, _ in cambios] == ["actividad_agregada", "actividad_cambiada", "actividad_quitada"]
    # La misma auditoría que la página, a nombre de quien corrió la orden y marcado como línea de comandos.
    assert {usuario for usuario, _, _ in cambios} == {f"{_usuario_so()} (CLI)"}
    assert cambios[0][2] == "52999 – Traslado de poste especial"


def _usuario_so() -> str:
    import getpass
    return getpass.getuser()


def test_actividades_codigo_no_valido(base, correr):
    antes = leer(base, "SELECT * FROM actividades_poste ORDER BY codigo")
    for orden in (["agregar", "abc", "Algo"], ["agregar", "0", "Algo"], ["agregar", "52137.0", "Algo"],
                  ["quitar", "-8074"]):
        linea = un_error(correr("actividades", *orden, "--db", base))
        assert "número entero positivo" in linea and f"«{orden[1]}»" in linea
    assert leer(base, "SELECT * FROM actividades_poste ORDER BY codigo") == antes and auditoria(base) == []


def test_actividades_errores_de_la_capa_de_datos(base, correr):
    assert "no está en la lista" in un_error(correr("actividades", "quitar", "99999", "--db", base))
    assert "descripción" in un_error(correr("actividades", "agregar", "52999", "   ", "--db", base))
    assert correr("actividades", "quitar", "8074", "--db", base).returncode == 0
    # La última no se quita: sin actividades el indicador quedaría vacío.
    assert "al menos una" in un_error(correr("actividades", "quitar", "52137", "--db", base))
    assert leer(base, "SELECT codigo FROM actividades_poste") == [(52137,)]
    assert [accion for _, accion, _ in auditoria(base)] == ["actividad_quitada"]


# --- Estados --------------------------------------------------------------------------------------

def test_estados_asignar_imprime_la_clave_guardada(base, correr):
    r = correr("estados", "asignar", "9 - CERRADA PARCIAL", "atendido", "--db", base)
    assert r.returncode == 0, r.stderr
    assert r.stdout == '"9 - CERRADA PARCIAL" → clave «9» = ATENDIDO (nueva)\n'
    r = correr("estados", "asignar", "9 - Cerrada parcial", "Registrado", "--db", base)
    assert r.stdout == '"9 - Cerrada parcial" → clave «9» = REGISTRADO (antes ATENDIDO)\n'
    r = correr("estados", "asignar", "8 - CERRADA", "ATENDIDO", "--db", base)
    assert r.stdout == '"8 - CERRADA" → clave «8» = ATENDIDO (sin cambios)\n'
    # Sin código, la clave es la descripción normalizada.
    r = correr("estados", "asignar", "En revisión", "registrado", "--db", base)
    assert r.stdout == '"En revisión" → clave «en revision» = REGISTRADO (nueva)\n'

    assert leer(base, "SELECT valor, estado FROM mapeo_estados WHERE valor IN ('9', 'en revision') ORDER BY 1") == \
        [("9", "REGISTRADO"), ("en revision", "REGISTRADO")]
    usuario = f"{_usuario_so()} (CLI)"
    assert auditoria(base) == [(usuario, "mapeo_agregado", "«9» → ATENDIDO"),
                               (usuario, "mapeo_cambiado", "«9»: ATENDIDO → REGISTRADO"),
                               (usuario, "mapeo_agregado", "«en revision» → REGISTRADO")]


def test_estados_asignar_rechaza_estado_o_valor_no_validos(base, correr):
    antes = leer(base, "SELECT * FROM mapeo_estados ORDER BY valor")
    assert "no válido" in un_error(correr("estados", "asignar", "9 - CERRADA", "CERRADO", "--db", base))
    assert "Escriba el valor" in un_error(correr("estados", "asignar", "  ", "ATENDIDO", "--db", base))
    assert leer(base, "SELECT * FROM mapeo_estados ORDER BY valor") == antes and auditoria(base) == []


def test_estados_listar(base, correr):
    r = correr("estados", "listar", "--db", base)
    assert r.returncode == 0, r.stderr
    lineas = r.stdout.splitlines()
    assert lineas[0].split() == ["CLAVE", "ESTADO"]
    inicio = lineas[0].index("ESTADO")
    filas = [(linea[:inicio].strip(), linea[inicio:]) for linea in lineas[1:]]
    assert sorted(filas) == sorted(leer(base, "SELECT valor, estado FROM mapeo_estados"))
    assert ("8", "ATENDIDO") in filas and ("12", "ANULADO") in filas and ("en ejecucion", "REGISTRADO") in filas
    # Por estado, y los códigos en orden numérico (2 antes de 11).
    estados = [e for _, e in filas]
    assert estados == sorted(estados, key=["REGISTRADO", "ATENDIDO", "ANULADO"].index)
    registrados = [c for c, e in filas if e == "REGISTRADO" and c.lstrip("-").isdigit()]
    assert registrados == sorted(registrados, key=int) and registrados.index("2") < registrados.index("11")


def test_sin_db_usa_seguimiento_db(base):
    # Un proceso de verdad: ruta_db pone SEGUIMIENTO_DB y el proceso la hereda; la salida llega en UTF-8 («»).
    r = correr_proceso("datos", "estados", "asignar", "9 - CERRADA", "ANULADO")
    assert r.returncode == 0, r.stderr
    assert r.stdout == '"9 - CERRADA" → clave «9» = ANULADO (nueva)\n' and r.stderr == ""
    assert leer(base, "SELECT estado FROM mapeo_estados WHERE valor = '9'") == [("ANULADO",)]


# --- Nunca crea una base; errores de argumentos en español ----------------------------------------

@pytest.mark.parametrize("orden", [
    ["actividades", "listar"], ["actividades", "agregar", "52999", "Algo"], ["actividades", "quitar", "8074"],
    ["estados", "listar"], ["estados", "asignar", "9 - CERRADA", "ATENDIDO"]])
def test_base_inexistente_es_un_error_y_no_la_crea(tmp_path, orden, correr):
    ruta = tmp_path / "no_hay" / "seguimiento.duckdb"
    linea = un_error(correr(*orden, "--db", ruta))
    assert "no existe la base de datos" in linea and str(ruta) in linea
    assert not ruta.parent.exists()


@pytest.mark.parametrize("args, dice", [
    (["actividades"], "faltan argumentos: ACCIÓN"),
    (["actividades", "borrar", "8074"], "'borrar' no es una opción"),
    (["actividades", "agregar", "52999"], "faltan argumentos: DESCRIPCIÓN"),
    (["estados", "asignar", "9 - CERRADA"], "faltan argumentos: ESTADO"),
    (["estados", "listar", "--db"], "--db necesita un valor"),
    (["estados", "listar", "--otra"], "sobran argumentos: --otra"),
])
def test_errores_de_argumentos_en_espanol(args, dice, correr):
    r = correr(*args)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.startswith("Error: argumentos no válidos (") and dice in r.stderr, r.stderr
    assert "Uso: python -m datos" in r.stderr
    assert "usage:" not in r.stderr and "required" not in r.stderr and "Traceback" not in r.stderr
