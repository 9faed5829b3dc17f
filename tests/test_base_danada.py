"""Una base dañada (bytes sobrescritos en medio del archivo, en un bloque de la tabla de órdenes): el respaldo se
niega a nombrar su copia, la aparta en respaldos/fallidos/ y no borra ningún respaldo bueno; la CLI (un proceso de
verdad) y el tablero dicen en español que la base está dañada y cómo restaurar el último respaldo bueno."""
from __future__ import annotations

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from datos import conexion
from datos.importar import importar_archivo
from operacion import respaldo
from tests.ayudas import ATENCION, RAIZ, SISTEMA, correr_proceso

ENCABEZADO = 3 * 4096  # el encabezado principal y los dos de la base van antes del primer bloque


def danar(ruta, tabla: str = "ordenes") -> None:
    """Sobrescribe bytes dentro de un bloque que guarda `tabla` (no en uno libre: ahí nadie lo notaría)."""
    with duckdb.connect(str(ruta), read_only=True) as con:
        (tamano,) = con.execute("SELECT block_size FROM pragma_database_size()").fetchone()
        (bloque,) = con.execute(f"SELECT max(block_id) FROM pragma_storage_info('{tabla}')").fetchone()
    assert bloque is not None and bloque >= 0
    with open(ruta, "r+b") as f:
        f.seek(ENCABEZADO + bloque * tamano + 1000)
        f.write(b"\xa5" * 64)


@pytest.fixture
def base(ruta_db, muestra):
    with conexion.abierta(ruta_db) as con:
        importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA)
    return ruta_db


def sin_traza(corrida) -> str:
    assert "Traceback" not in corrida.stderr + corrida.stdout, corrida.stderr
    return corrida.stderr


def test_el_respaldo_de_una_base_danada_queda_aparte_y_no_borra_los_buenos(base):
    buenos = [respaldo.respaldar(base, conservar=2) for _ in range(2)]
    danar(base)
    for _ in range(3):  # una semana de tareas con la base dañada: los buenos siguen
        with pytest.raises(respaldo.BaseDanada) as e:
            respaldo.respaldar(base, conservar=2)
        texto = str(e.value)
        assert f"La base de datos «{base}» está dañada: no se respaldó (la tabla «ordenes»" in texto
        assert "(no se borró ninguno)" in texto
        assert f"python -m datos restaurar {buenos[-1]}" in texto
        assert respaldo.respaldos(base) == buenos
    apartados = sorted((base.parent / "respaldos" / "fallidos").glob("*.duckdb"))
    assert len(apartados) == 3 and {a.stat().st_size for a in apartados} == {base.stat().st_size}
    assert not list((base.parent / "respaldos").glob(".*.tmp"))
    # La copia dañada tampoco se puede restaurar: se lee entera antes.
    with pytest.raises(respaldo.BaseDanada):
        respaldo.restaurar(apartados[0], base)


def test_un_respaldo_sano_se_lee_entero_y_se_compara_con_la_base(base):
    copia = respaldo.respaldar(base)
    assert respaldo.verificar(copia, suma=respaldo._suma(base)) > 0
    danar(copia)
    with pytest.raises(respaldo.BaseDanada, match="tabla «ordenes» no se puede leer entera"):
        respaldo.verificar(copia)
    with pytest.raises(respaldo.BaseDanada, match="la copia no es igual a la base"):
        respaldo.verificar(copia, suma=respaldo._suma(base))


def test_la_cli_dice_que_la_base_esta_danada_y_como_restaurarla(base):
    bueno = respaldo.respaldar(base)
    danar(base)

    kpi = correr_proceso("consultas", "kpi", "--db", base)
    texto = sin_traza(kpi)
    assert kpi.returncode == 1
    assert f"La base de datos «{base}» está dañada" in texto
    assert f"python -m datos restaurar {bueno}" in texto

    copia = correr_proceso("datos", "respaldo", "--db", base)
    texto = sin_traza(copia)
    assert copia.returncode == 1 and "está dañada" in texto and "fallidos" in texto
    assert respaldo.respaldos(base) == [bueno]

    # Lo que el mensaje indica, funciona: la base vuelve a leerse entera.
    vuelta = correr_proceso("datos", "restaurar", bueno, "--db", base, "--si")
    assert vuelta.returncode == 0, vuelta.stderr
    assert respaldo.verificar(base) > 0
    assert correr_proceso("consultas", "kpi", "--db", base).returncode == 0


def test_la_cli_sin_respaldos_dice_que_no_hay(base):
    danar(base)
    kpi = correr_proceso("consultas", "kpi", "--db", base)
    assert kpi.returncode == 1 and "está dañada" in sin_traza(kpi) and "No hay respaldos" in kpi.stderr


def test_el_tablero_dice_que_la_base_esta_danada(base):
    bueno = respaldo.respaldar(base)
    danar(base)
    at = AppTest.from_file(str(RAIZ / "app.py"), default_timeout=60)
    at.session_state["usuario"] = ATENCION
    at.run()
    assert not at.exception
    (aviso,) = [e.value for e in at.error]
    assert "está dañada" in aviso and f"python -m datos restaurar {bueno}" in aviso
    assert "error inesperado" not in aviso
