"""La página «Importar» con AppTest: subir, revisar, confirmar; rechazos sin escribir nada."""
from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.ayudas import ATENCION, JEFATURA, MUESTRAS, leido

PAGINA = str(Path(__file__).resolve().parents[1] / "paginas" / "importar.py")


def abrir(usuario=ATENCION) -> AppTest:
    at = AppTest.from_file(PAGINA, default_timeout=60)
    at.session_state["usuario"] = usuario
    return at.run()


def subir(at: AppTest, *nombres_o_tuplas) -> AppTest:
    archivos = [(n, (MUESTRAS / n).read_bytes(), "application/octet-stream") if isinstance(n, str) else n
                for n in nombres_o_tuplas]
    at.file_uploader[0].set_value(archivos)
    return at.run()


def ordenes(ruta_db) -> int:
    from datos import conexion
    con = conexion.conectar(ruta_db)
    try:
        return con.execute("SELECT count(*) FROM ordenes").fetchall()[0][0]
    finally:
        con.close()


def textos(at) -> str:
    return "\n".join(leido(e.value) for e in [*at.markdown, *at.success, *at.error, *at.info, *at.warning])


def test_subir_revisar_y_confirmar(ruta_db):
    at = subir(abrir(), "ordenes_reporte_2025.csv", "ordenes_reporte_2026_s1.xlsx")
    assert not at.exception
    texto = textos(at)
    assert "Reporte CSV" in texto and "Windows-1252" in texto and "Reporte Excel" in texto
    assert "Listo para importar: 1.525 filas · 1.525 nuevas" in texto
    assert ordenes(ruta_db) == 0, "revisar no escribe"

    at.button(key="confirmar").click().run()
    assert not at.exception
    texto = textos(at)
    assert "«ordenes_reporte_2025.csv» importado: 1.525 filas leídas." in texto
    assert "«ordenes_reporte_2026_s1.xlsx» importado: 772 filas leídas." in texto
    assert [m.value for m in at.metric if m.label == "Órdenes nuevas"] == ["1.525", "772"]  # con punto de miles
    assert ordenes(ruta_db) == 1525 + 772

    # el mismo archivo otra vez: se avisa y no cambia nada
    at = subir(at, "ordenes_reporte_2025.csv")
    assert "ya se importó" in textos(at)
    assert not [b for b in at.button if b.key == "confirmar"]


def test_archivo_rechazado_muestra_problemas_y_no_escribe(ruta_db):
    malo = ("malo.csv", "OT;Actividad;Estado;F. Registro\n1;52137;Atendido;31/02/2026\n2;52137;Raro;01/10/2026\n"
            .encode("utf-8"), "text/csv")
    at = subir(abrir(), malo, "ordenes_osf_2026_s2.csv")
    assert not at.exception
    assert any("Rechazado: 2 problema(s)" in e.value for e in at.error)
    problemas = at.dataframe[0].value
    assert list(problemas["Línea"]) == [2, 3]
    assert list(problemas["Valor"]) == ["31/02/2026", "Raro"]
    # sólo el archivo bueno se ofrece para confirmar
    assert at.button(key="confirmar").label == "Confirmar e importar 1 archivo(s)"
    at.button(key="confirmar").click().run()
    assert ordenes(ruta_db) == 463


def test_jefatura_no_ve_el_importador(ruta_db):
    at = abrir(JEFATURA)
    assert not at.file_uploader
    assert any("no puede importar" in e.value for e in at.error)


def test_libro_de_sql_developer_dice_la_hoja_y_la_nombra_en_cada_problema(ruta_db):
    import dataclasses
    import datetime as dt

    from tests import osf_archivos as osf

    lista = osf.ordenes(n=30)
    bueno = osf.sql_developer_xlsx(lista, consulta_primero=True)
    # la misma exportación con una fecha de registro en el año 2206 (mal escrita en Smartflex)
    mala = [dataclasses.replace(lista[0], creada=dt.datetime(2206, 3, 1, 9, 0)), *lista[1:]]
    at = subir(abrir(), ("osf.xlsx", bueno, "application/octet-stream"),
               ("osf_malo.xlsx", osf.sql_developer_xlsx(mala), "application/octet-stream"))
    assert not at.exception
    avisos = [leido(i.value) for i in at.info]
    assert any("Se leyó la hoja «SQL Results»; se omitieron «SQL Statement»" in a for a in avisos)
    problemas = next(d.value for d in at.dataframe if "Problema" in d.value.columns)
    assert list(problemas.columns[:3]) == ["Archivo", "Hoja", "Fila"]
    assert list(problemas["Hoja"]) == ["SQL Results"] and list(problemas["Fila"]) == [2]
    assert "año 2206" in problemas["Problema"].iloc[0]
    assert at.button(key="confirmar").label == "Confirmar e importar 1 archivo(s)"
    assert ordenes(ruta_db) == 0


def test_la_vista_previa_habla_como_las_grillas(ruta_db):
    """Issue 24: ni `actividad_codigo` ni `estado_origen` en la vista previa; las fechas, dd/mm/aaaa."""
    at = subir(abrir(), "ordenes_reporte_2025.csv")
    assert not at.exception
    previa = next(d for d in at.dataframe if "Fila del archivo" in d.value.columns)
    columnas = list(previa.value.columns)
    assert {"OT", "Actividad", "Valor en Smartflex", "Registro"} <= set(columnas)
    assert not [c for c in columnas if "_" in c or c.islower()], columnas
    assert "DD/MM/YYYY HH:mm" in previa.proto.columns  # la configuración de columnas (JSON) de la grilla


def test_el_problema_se_lee_entero_debajo_de_la_tabla(ruta_db):
    """Issue 24: en la celda, «Qué hacer» queda cortado a 1366 px; debajo de la tabla está entero el problema de la
    fila elegida (el primero mientras no se elija otra), con su lugar. En Chromium: tests/e2e/test_sin_cortes.py."""
    malo = ("malo.csv", "OT;Actividad;Estado;F. Registro\n1;52137;Atendido;31/02/2026\n2;52137;Raro;01/10/2026\n"
            .encode("utf-8"), "text/csv")
    at = subir(abrir(), malo)
    assert not at.exception
    problemas = at.dataframe[0].value
    caja = leido("\n".join(m.value for m in at.markdown if "Qué hacer:" in m.value))
    assert caja.startswith("**Línea 2 · columna F. Registro · valor «31/02/2026»**")
    assert f"**Problema:** {problemas['Problema'].iloc[0]}" in caja
    assert f"**Qué hacer:** {problemas['Qué hacer'].iloc[0]}" in caja and len(problemas["Qué hacer"].iloc[0]) > 60
    assert any(c.value == "Elija una fila de la tabla para ver aquí su problema entero." for c in at.caption)


def test_el_tamano_de_cada_archivo_en_castellano(ruta_db):
    """El selector escribe «78.7KB» (lo oculta el estilo); la página lo dice con coma decimal y espacio."""
    at = subir(abrir(), "ordenes_osf_2026_s2.csv", ("chico.csv", b"x" * 512, "text/csv"))
    tamano = (MUESTRAS / "ordenes_osf_2026_s2.csv").stat().st_size
    esperado = f"{tamano / 1000:.1f}".replace(".", ",")
    assert [leido(c.value) for c in at.caption if c.value.startswith("Elegidos:")] == [
        f"Elegidos: ordenes_osf_2026_s2.csv ({esperado} KB) · chico.csv (512 B)"]


def test_texto_tamano():
    from datos.formato import texto_tamano
    assert [texto_tamano(n) for n in (512, 999, 95_900, 999_999, 1_234_567, 2_500_000_000)] == [
        "512 B", "1,0 KB", "95,9 KB", "1,0 MB", "1,2 MB", "2,5 GB"]
