"""El modelo (consultas/modelo/): una vista o macro por archivo, fuera de las migraciones, aplicada al abrir la base
cuando su texto cambió; una base hecha por el código de antes se abre con el de hoy y da lo mismo."""
from __future__ import annotations

import re
import shutil
import subprocess

import duckdb

from consultas import kpi
from datos import conexion
from datos.importar import importar_archivo
from tests.ayudas import ANTES_DEL_MODELO, RAIZ, SISTEMA, base_de_antes

DEFINICION = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+)?(?:VIEW|MACRO)\s+(\w+)", re.I)


def test_cada_vista_o_macro_se_define_en_un_solo_lugar_y_nunca_en_una_migracion():
    definidas: dict[str, list[str]] = {}
    for carpeta in (conexion.MODELO, conexion.MIGRACIONES):
        for archivo in sorted(carpeta.glob("*.sql")):
            for nombre in DEFINICION.findall(archivo.read_text(encoding="utf-8")):
                definidas.setdefault(nombre.lower(), []).append(f"{carpeta.name}/{archivo.name}")
    assert {n: d for n, d in definidas.items() if len(d) > 1} == {}
    assert {n: d for n, d in definidas.items() if not d[0].startswith("modelo/")} == {}
    # cada archivo se llama como lo que define, y orden.txt los nombra a todos una vez
    assert {n: d[0] for n, d in definidas.items()} == {p.stem: f"modelo/{p.name}" for p in conexion.MODELO.glob("*.sql")}
    assert [n for n, _, _ in conexion.modelo()] == [n for n in (conexion.MODELO / "orden.txt").read_text().split()
                                                      if n in definidas]
    assert len(definidas) >= 32


def _sin_fechas(con, tabla: str):
    columnas = [c for (c, t) in con.execute("SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = $t "
                                            "ORDER BY column_index", {"t": tabla}).fetchall() if t != "TIMESTAMP"]
    return con.execute(f"SELECT {', '.join(columnas)} FROM {tabla} ORDER BY ALL").fetchall()


def _catalogo(con) -> dict:
    tablas = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE NOT internal "
                                        "AND table_name NOT IN ('migraciones', 'modelo') ORDER BY 1").fetchall()]
    return {
        "tablas": {t: (con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = $t", {"t": t}).fetchone(),
                       _sin_fechas(con, t)) for t in tablas},
        "vistas": con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall(),
        "macros": con.execute("SELECT function_name, function_type, parameters, macro_definition FROM duckdb_functions() "
                              "WHERE function_type IN ('macro', 'table_macro') AND NOT internal ORDER BY 1").fetchall(),
        "secuencias": con.execute("SELECT sequence_name FROM duckdb_sequences() ORDER BY 1").fetchall(),
    }


def test_una_base_del_codigo_de_antes_queda_igual_a_una_nueva(tmp_path):
    # Las migraciones de antes creaban también el modelo; las de hoy sólo tablas y datos, y el modelo va después. Una
    # base hecha por el código de antes, abierta con el de hoy, queda como una base nueva: las mismas tablas con los
    # mismos datos, las mismas vistas y macros.
    antes = base_de_antes(tmp_path / "antes.duckdb")
    assert len(_catalogo(antes)["vistas"]) >= 9 and len(_catalogo(antes)["macros"]) >= 23
    antes.close()
    migrada = conexion.conectar(tmp_path / "antes.duckdb", encerrar=False)
    nueva = conexion.conectar(tmp_path / "nueva.duckdb", encerrar=False)
    esperado, obtenido = _catalogo(nueva), _catalogo(migrada)
    migrada.close(), nueva.close()
    assert obtenido == esperado


def test_una_base_del_codigo_de_antes_se_abre_con_el_de_hoy_y_da_el_mismo_kpi(ruta_db, tmp_path, muestra):
    # Las muestras, importadas por el importador de hoy en otra base y copiadas a la de antes (el de hoy escribe también
    # tablas que la de antes no tiene); ordenes, importaciones e historial_estados son las de entonces.
    hoy = conexion.conectar(tmp_path / "hoy.duckdb", encerrar=False)
    for nombre in ("ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx", "ordenes_osf_2026_s2.csv"):
        assert importar_archivo(hoy, muestra(nombre), usuario=SISTEMA).problemas == []
    hoy.close()
    con = base_de_antes(ruta_db)
    con.execute(f"ATTACH '{tmp_path / 'hoy.duckdb'}' AS hoy (READ_ONLY)")
    for tabla in ("importaciones", "ordenes", "historial_estados"):
        con.execute(f"INSERT INTO {tabla} SELECT * FROM hoy.{tabla}")
    con.execute("SELECT nextval('seq_importaciones') FROM hoy.importaciones").fetchall()  # como si las hubiera escrito
    con.execute("DETACH hoy")
    # el KPI como lo calculaba el código de entonces, con su consulta
    consulta = subprocess.run(["git", "show", f"{ANTES_DEL_MODELO}:consultas/kpi_mensual.sql"], cwd=RAIZ,
                              capture_output=True, text=True, check=True).stdout
    parametros = {"desde": None, "hasta": None, "actividades": None, "zonas": None, "unidades": None}
    antes = con.execute(consulta, parametros).fetchall()
    con.close()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute("SELECT max(version) FROM migraciones").fetchone()[0] == \
        max(int(p.name[:3]) for p in conexion.MIGRACIONES.glob("*.sql"))
    assert {n for (n,) in con.execute("SELECT nombre FROM modelo").fetchall()} == {n for n, _, _ in conexion.modelo()}
    columnas = ("mes", "total", "atendidos", "registrados", "anulados", "centesimas", "estado", "preliminar")
    hoy = kpi.kpi_mensual(con)
    assert len(antes) > 12 and [tuple(f) for f in hoy[list(columnas)].itertuples(index=False)] == \
        [tuple(f[i] for i in (0, 1, 2, 3, 4, 5, 7, 8)) for f in antes]
    assert conexion.aplicar_modelo(con) == []
    # y sigue recibiendo exportaciones
    assert importar_archivo(con, muestra("ordenes_osf_2026_s2_actualizado.csv"), usuario=SISTEMA).problemas == []
    con.close()


def _marcar(ruta) -> None:
    """Pone una fecha vieja a cada fila de `modelo`: si el modelo se vuelve a aplicar, las filas se reescriben."""
    con = duckdb.connect(str(ruta))
    con.execute("UPDATE modelo SET aplicado_en = TIMESTAMP '2000-01-01'")
    con.close()


def _reaplicado(ruta) -> set[str]:
    con = duckdb.connect(str(ruta))
    filas = con.execute("SELECT nombre FROM modelo WHERE aplicado_en <> TIMESTAMP '2000-01-01'").fetchall()
    con.close()
    return {n for (n,) in filas}


def test_abrir_una_base_al_dia_no_vuelve_a_aplicar_el_modelo(base_migrada):
    _marcar(base_migrada)
    conexion.conectar(base_migrada).close()
    with conexion.abierta(base_migrada):
        pass
    assert _reaplicado(base_migrada) == set()


def test_un_archivo_del_modelo_que_cambia_se_aplica_al_abrir(base_migrada, tmp_path, monkeypatch):
    carpeta = tmp_path / "modelo"
    shutil.copytree(conexion.MODELO, carpeta)
    monkeypatch.setattr(conexion, "MODELO", carpeta)
    _marcar(base_migrada)
    conexion.conectar(base_migrada).close()  # la copia es igual: nada que hacer
    assert _reaplicado(base_migrada) == set()

    # ordenes_poste gana una columna: se vuelve a crear todo, y lo que la lee la ve
    vista = carpeta / "ordenes_poste.sql"
    vista.write_text(vista.read_text().replace("SELECT * FROM ordenes", "SELECT *, 'nueva' AS marca FROM ordenes"))
    con = conexion.conectar(base_migrada)
    con.execute("INSERT INTO ordenes (ot, actividad_codigo, estado, estado_origen, fecha_registro, importacion_id) "
                "VALUES (1, 52137, 'ATENDIDO', 'x', TIMESTAMP '2026-10-05', 0)")
    assert con.execute("SELECT marca FROM ordenes_del_periodo(NULL, NULL)").fetchall() == [("nueva",)]
    con.close()
    assert _reaplicado(base_migrada) == {n for n, _, _ in conexion.modelo()}

    # una vista que sale del modelo se borra de la base
    _marcar(base_migrada)
    (carpeta / "cargos_poste.sql").unlink()
    orden = carpeta / "orden.txt"
    orden.write_text(orden.read_text().replace("cargos_poste\n", ""))
    con = conexion.conectar(base_migrada)
    assert con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = 'cargos_poste'").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM modelo WHERE nombre = 'cargos_poste'").fetchone() == (0,)
    con.close()
    assert "ordenes_poste" in _reaplicado(base_migrada)


def test_una_migracion_nueva_vuelve_a_crear_el_modelo_sobre_las_tablas_cambiadas(base_migrada, tmp_path, monkeypatch):
    carpeta = tmp_path / "migraciones"
    shutil.copytree(conexion.MIGRACIONES, carpeta)
    (carpeta / "999_columna_nueva.sql").write_text("ALTER TABLE ordenes ADD COLUMN prioridad INTEGER;\n")
    monkeypatch.setattr(conexion, "MIGRACIONES", carpeta)
    _marcar(base_migrada)
    con = conexion.conectar(base_migrada)
    assert "prioridad" in [c for (c, *_) in con.execute("DESCRIBE SELECT * FROM ordenes_del_periodo(NULL, NULL)")
                           .fetchall()]
    con.close()
    assert _reaplicado(base_migrada) == {n for n, _, _ in conexion.modelo()}
