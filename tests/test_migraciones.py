"""Migraciones numeradas: se aplican una vez, en orden, y una base con datos las recibe sin perder nada."""
from __future__ import annotations

from datos import conexion
from datos.importar import importar_archivo
from tests.ayudas import SISTEMA, base_de_antes


def test_cada_migracion_se_aplica_una_sola_vez(ruta_db):
    archivos = sorted(p.name for p in conexion.MIGRACIONES.glob("[0-9][0-9][0-9]_*.sql"))
    con = conexion.conectar(ruta_db)
    registradas = [n for (n,) in con.execute("SELECT nombre FROM migraciones ORDER BY version").fetchall()]
    con.close()
    assert registradas == archivos
    con = conexion.conectar(ruta_db)  # volver a abrir no aplica nada
    assert conexion.migrar(con) == []
    assert con.execute("SELECT count(*) FROM migraciones").fetchone()[0] == len(archivos)
    con.close()


def base_hasta(ruta_db, tmp_path, monkeypatch, ultima: int):
    """Una base como la dejaba el código de antes de la migración `ultima + 1`: las migraciones de entonces, con las
    vistas y macros que creaban (hoy en consultas/modelo/), sacadas de la historia de git."""
    return base_de_antes(ruta_db, ultima)


def insertar_ordenes_antiguas(con, n=300) -> None:
    # Como las escribía la importación de entonces (el importador de hoy necesita el esquema de hoy).
    con.execute("""INSERT INTO ordenes (ot, solicitud, actividad_codigo, actividad, estado, estado_origen, fecha_registro,
                                        causal, unidad_operativa, cliente, importacion_id)
                   SELECT 5200000 + i, (3800000 + i)::VARCHAR, 52137, 'Servicio de Ingeniería', 'ANULADO',
                          '12 - ANULADA', TIMESTAMP '2026-07-01' + INTERVAL (i) HOUR, 'CLIENTE DESISTIÓ',
                          'GESTION REDES', 'Cliente ' || i, 1
                   FROM range($n) t(i)""", {"n": n})


def test_005_conserva_las_ordenes_y_guarda_sin_comprimir(ruta_db, tmp_path, monkeypatch):
    # Una base creada antes de la 005, con órdenes…
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 4)
    insertar_ordenes_antiguas(con)
    antes = con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall()
    columnas = ", ".join(c for (c,) in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'ordenes' "
                                                  "ORDER BY column_index").fetchall())
    con.close()
    assert len(antes) > 100
    # …recibe la 005 al abrirse con el código de hoy.
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute(f"SELECT {columnas} FROM ordenes ORDER BY ot").fetchall() == antes
    con.execute("CHECKPOINT")
    compresion = dict(con.execute("""
        SELECT column_name, string_agg(DISTINCT compression, ',') FROM pragma_storage_info('ordenes')
        WHERE segment_type = 'VARCHAR' GROUP BY ALL""").fetchall())
    assert compresion["solicitud"] == compresion["cliente"] == "Uncompressed"
    # las restricciones siguen en pie
    assert "CHECK" in con.execute("SELECT sql FROM duckdb_tables() WHERE table_name = 'ordenes'").fetchone()[0]
    con.close()


def test_007_equivalencias_por_codigo_sin_perder_las_del_administrador(ruta_db, tmp_path, monkeypatch, muestra):
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 6)
    insertar_ordenes_antiguas(con, 50)
    # lo que un administrador pudo agregar antes: un valor con código y una descripción sola
    con.execute("INSERT INTO mapeo_estados VALUES (normalizar_valor('21 - EN REVISION'), 'REGISTRADO'), "
                "(normalizar_valor('Pendiente de firma'), 'REGISTRADO'), (normalizar_valor('99 - Devuelta'), 'ANULADO')")
    antes = con.execute("SELECT * FROM ordenes ORDER BY ot").fetchall()
    con.close()
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    mapeo = dict(con.execute("SELECT valor, estado FROM mapeo_estados").fetchall())
    # las del administrador, con su clave nueva (el código, o la descripción normalizada)
    assert (mapeo["21"], mapeo["pendiente de firma"], mapeo["99"]) == ("REGISTRADO", "REGISTRADO", "ANULADO")
    # la lista completa de OR_ORDER_STATUS: 7 y 8 atendidos, 12 anulado, el resto pendiente
    codigos = {c: mapeo[c] for c in ("-1", "0", "1", "2", "5", "6", "7", "8", "11", "12", "18", "19", "20")}
    assert {c for c, e in codigos.items() if e == "ATENDIDO"} == {"7", "8"}
    assert {c for c, e in codigos.items() if e == "ANULADO"} == {"12"}
    assert not any(" - " in v for v in mapeo)  # ninguna clave vieja «8 - legalizada» queda suelta
    # las órdenes siguen como estaban; las columnas nuevas, vacías
    assert con.execute("SELECT * EXCLUDE (causal_codigo, causal_clase, unidad_codigo, tipo_trabajo_codigo, "
                       "tipo_trabajo) FROM ordenes ORDER BY ot").fetchall() == antes
    # y la base recibe una exportación de hoy
    assert importar_archivo(con, muestra("ordenes_osf_2026_s2.csv"), usuario=SISTEMA).importacion_id
    con.close()


def _ordenes_y_seguimientos(con) -> None:
    # Órdenes de poste y de otra actividad a ambos lados de los bordes del periodo, causales y unidades con y sin
    # código; varios registros por orden, correcciones y coordinaciones con la misma fecha de contacto.
    con.execute("""
        INSERT INTO ordenes (ot, actividad_codigo, estado, estado_origen, fecha_registro, causal, causal_codigo,
                             unidad_operativa, unidad_codigo, zona, importacion_id)
        SELECT i, CASE WHEN i % 5 = 0 THEN 1234 WHEN i % 2 = 0 THEN 52137 ELSE 8074 END,
               ['REGISTRADO', 'ATENDIDO', 'ANULADO'][i % 3 + 1], 'x',
               TIMESTAMP '2026-09-30 23:59:59' + INTERVAL (i * 7) HOUR,
               CASE i % 4 WHEN 0 THEN 'CLIENTE DESISTIÓ' WHEN 1 THEN 'Cliente desistió ' WHEN 2 THEN NULL END,
               CASE WHEN i % 4 = 3 THEN 40 + i % 2 END,
               CASE WHEN i % 3 = 0 THEN 'CUADRILLA NORTE' ELSE ' Cuadrilla norte' END,
               CASE WHEN i % 6 = 1 THEN 7 END, ['Norte', 'Sur'][i % 2 + 1], 1
        FROM range(1, 301) t(i)""")
    con.execute("""
        INSERT INTO seguimientos (ot, tipo, texto, fecha_contacto, autor, rol, creado_en)
        SELECT o.ot, CASE o.estado WHEN 'ANULADO' THEN 'medida_correctiva' WHEN 'REGISTRADO' THEN 'coordinacion'
                                   ELSE 'verificacion' END,
               'registro ' || r,
               CASE WHEN o.estado = 'REGISTRADO' THEN DATE '2026-11-01' + CAST((o.ot * r) % 3 AS INTEGER) END,
               'ana', 'atencion', TIMESTAMP '2026-11-01' + INTERVAL (o.ot * 3 + r) MINUTE
        FROM ordenes o, range(3) t(r) WHERE o.ot % 2 = 0 ORDER BY o.ot, r""")
    con.execute("""
        INSERT INTO seguimientos (ot, tipo, corrige_a, texto, fecha_contacto, autor, rol)
        SELECT ot, tipo, id, texto || ' (corregido)', fecha_contacto, 'rita', 'retencion'
        FROM seguimientos WHERE id % 4 = 0 ORDER BY id""")


def test_008_staging_se_aplica_una_vez_y_da_lo_mismo_que_escrito_a_mano(ruta_db, tmp_path, monkeypatch):
    con = base_hasta(ruta_db, tmp_path, monkeypatch, 7)
    _ordenes_y_seguimientos(con)
    con.close()
    monkeypatch.undo()
    con = conexion.conectar(ruta_db, encerrar=False)
    assert con.execute("SELECT count(*) FROM migraciones WHERE nombre = '008_staging.sql'").fetchone() == (1,)
    assert conexion.migrar(con) == []
    vistas = {n for (n,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {"ordenes_poste", "seguimientos_versiones", "seguimientos_vigentes", "seguimientos_actuales",
            "ultimas_coordinaciones"} <= vistas
    macros = {"en_periodo": "macro", "clave_valor": "macro", "clave_causal": "macro",
              "ordenes_del_periodo": "table_macro", "anuladas_del_periodo": "table_macro",
              "unidades_elegidas": "table_macro", "ordenes_del_kpi": "table_macro",
              "pendientes_seguimiento": "table_macro"}
    assert dict(con.execute("SELECT function_name, function_type FROM duckdb_functions() "
                            "WHERE list_contains($n, function_name)", {"n": list(macros)}).fetchall()) == macros

    def igual(staging: str, a_mano: str, **params) -> None:
        filas = con.execute(staging, params).fetchall()
        assert filas and filas == con.execute(a_mano, params).fetchall(), staging

    poste = "actividad_codigo IN (52137, 8074)"
    igual("SELECT ot FROM ordenes_poste ORDER BY ot", f"SELECT ot FROM ordenes WHERE {poste} ORDER BY ot")
    for desde, hasta in [(None, None), ("2026-10-01", "2026-10-31"), ("2026-10-05", None), (None, "2026-10-10")]:
        igual("SELECT ot FROM ordenes_del_periodo($d, $h) ORDER BY ot",
              f"SELECT ot FROM ordenes WHERE {poste} AND ($d IS NULL OR fecha_registro >= CAST($d AS DATE)) "
              "AND ($h IS NULL OR fecha_registro < CAST($h AS DATE) + INTERVAL 1 DAY) ORDER BY ot", d=desde, h=hasta)
    clave = "coalesce(CAST(causal_codigo AS VARCHAR), nullif(normalizar_valor(causal), ''))"
    igual("SELECT ot, clave_valor(causal_codigo, causal), clave_causal(causal_codigo, causal) FROM ordenes ORDER BY ot",
          f"SELECT ot, {clave}, coalesce({clave}, '(sin causal)') FROM ordenes ORDER BY ot")
    # La causal elegida por su clave (código o texto normalizado) o por una ortografía cualquiera.
    for causal in ["41", "cliente desistio", "CLIENTE DESISTIÓ", "(sin causal)"]:
        igual("SELECT ot FROM anuladas_del_periodo(NULL, NULL, $c) ORDER BY ot",
              f"SELECT ot FROM ordenes WHERE {poste} AND estado = 'ANULADO' "
              f"AND coalesce({clave}, '(sin causal)') = normalizar_valor($c) ORDER BY ot", c=causal)
    # El recorte del KPI: una unidad por su código o por su nombre en cualquier ortografía, zona y actividad; y
    # (migración 014) por su código, las sin código cuyo nombre es el de ese código y de ningún otro.
    codigo_unido = (f"(SELECT min(c.unidad_codigo) FROM ordenes c WHERE c.{poste} AND c.unidad_codigo IS NOT NULL "
                    "AND normalizar_valor(c.unidad_operativa) = normalizar_valor(o.unidad_operativa) "
                    "HAVING count(DISTINCT c.unidad_codigo) = 1)")
    for unidades in [["7"], ["cuadrilla norte"]]:
        igual("SELECT ot FROM ordenes_del_kpi('2026-10-01', '2026-10-31', [8074], ['Sur'], $u) WHERE elegida "
              "ORDER BY ot",
              "SELECT ot FROM ordenes o WHERE actividad_codigo = 8074 AND zona = 'Sur' "
              "AND fecha_registro >= DATE '2026-10-01' AND fecha_registro < DATE '2026-11-01' "
              "AND (CAST(unidad_codigo AS VARCHAR) = $u[1] "
              "     OR normalizar_valor(unidad_operativa) = normalizar_valor($u[1]) "
              f"    OR (unidad_codigo IS NULL AND CAST({codigo_unido} AS VARCHAR) = $u[1])) ORDER BY ot", u=unidades)
    # Vigente: ningún otro registro lo corrige. Actual: el vigente de id mayor de su tipo. Última coordinación:
    # la vigente de fecha de contacto mayor y, a igual fecha (las hay), la de id mayor.
    vigentes = ("SELECT * FROM seguimientos s "
                "WHERE NOT EXISTS (SELECT 1 FROM seguimientos c WHERE c.corrige_a = s.id)")
    igual("SELECT id FROM seguimientos_vigentes ORDER BY id", f"SELECT id FROM ({vigentes}) ORDER BY id")
    igual("SELECT id, corregido_por FROM seguimientos_versiones ORDER BY id",
          "SELECT s.id, (SELECT min(c.id) FROM seguimientos c WHERE c.corrige_a = s.id) FROM seguimientos s "
          "ORDER BY id")
    igual("SELECT ot, tipo, id FROM seguimientos_actuales ORDER BY ot, tipo",
          f"SELECT ot, tipo, max(id) FROM ({vigentes}) GROUP BY ot, tipo ORDER BY ot, tipo")
    coordinaciones = (f"SELECT *, max(fecha_contacto) OVER (PARTITION BY ot) AS ultima FROM ({vigentes}) "
                      "WHERE tipo = 'coordinacion'")
    igual("SELECT ot, id, fecha_coordinacion FROM ultimas_coordinaciones ORDER BY ot",
          f"SELECT ot, max(id) FILTER (WHERE fecha_contacto = ultima), any_value(ultima) FROM ({coordinaciones}) "
          "GROUP BY ot ORDER BY ot")
    assert con.execute(f"SELECT count(*) FROM ({coordinaciones}) WHERE fecha_contacto = ultima "
                       "GROUP BY ot ORDER BY 1 DESC LIMIT 1").fetchone()[0] > 1
    con.close()
