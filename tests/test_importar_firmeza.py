"""Firmeza de la importación (issue 27): ninguna fila se pierde en silencio, los límites se dicen antes de gastar, las
causas se nombran. Cada archivo lo genera la prueba."""
from __future__ import annotations

import datetime as dt
import io

import pytest
import xlsxwriter

from datos.importar import importar_archivo
from tests.ayudas import SISTEMA

ENCABEZADO = "OT;Actividad;Estado;F. Registro"
BUENAS = ["1;52137;Atendido;01/10/2026", "2;52137;Atendido;02/10/2026"]


def importar(con, contenido: bytes | str, nombre="prueba.csv"):
    datos = contenido.encode("utf-8") if isinstance(contenido, str) else contenido
    return importar_archivo(con, datos, nombre, usuario=SISTEMA)


def ordenes(con) -> int:
    return con.execute("SELECT count(*) FROM ordenes").fetchone()[0]


def libro(filas: list[list]) -> bytes:
    salida = io.BytesIO()
    wb = xlsxwriter.Workbook(salida, {"in_memory": True})
    hoja = wb.add_worksheet("Órdenes")
    for i, fila in enumerate(filas):
        for j, valor in enumerate(fila):
            if valor is not None:
                hoja.write(i, j, valor)
    wb.close()
    return salida.getvalue()


# --- 1. ninguna fila se toma por el pie sin decirlo ------------------------------------------------

@pytest.mark.parametrize("ultima, valor", [
    (";52137;Atendido;03/10/2026", None),          # sin número de orden
    ("x3;52137;Atendido;03/10/2026", "x3"),        # no numérico
    ("  ;52137;Atendido;03/10/2026", "  "),
])
def test_fila_mala_al_final_se_rechaza_con_su_linea_csv(con, ultima, valor):
    res = importar(con, "\n".join([ENCABEZADO, *BUENAS, ultima, "Total: 3", ""]))
    assert [(p.fila, p.columna) for p in res.problemas] == [(4, "OT")], res.problemas
    assert res.importacion_id is None and ordenes(con) == 0


def test_fila_mala_al_final_se_rechaza_con_su_fila_xlsx(con):
    contenido = libro([["N° OT", "Actividad", "Estado", "Fecha Registro"],
                       [1, "52137", "Atendido", "01/10/2026"], [2, "52137", "Atendido", "02/10/2026"],
                       [None, "52137", "Atendido", "03/10/2026"], ["abc", "52137", "Registrado", "04/10/2026"],
                       ["TOTAL", 4]])
    res = importar(con, contenido, "r.xlsx")
    assert [(p.hoja, p.fila, p.columna, p.valor) for p in res.problemas] == [
        ("Órdenes", 4, "N° OT", None), ("Órdenes", 5, "N° OT", "abc")]
    assert ordenes(con) == 0


def test_fila_con_solo_columnas_opcionales_no_se_descarta(con):
    """Una fila sin OT, actividad, estado ni fecha pero con cliente es una fila, no una línea en blanco."""
    res = importar(con, "OT;Actividad;Estado;F. Registro;Cliente\n1;52137;Atendido;01/10/2026;Ana\n;;;;Juan Pérez\n")
    assert (3, "OT") in {(p.fila, p.columna) for p in res.problemas}
    assert ordenes(con) == 0


@pytest.mark.parametrize("pie", [
    "TOTAL", "Total;2", "Totales: 2", "Total de registros: 2", "Registros: 2", "2 filas seleccionadas.",
    "2 rows selected.", "Cantidad de órdenes: 2", "TOTAL GENERAL;;;", ";;;;", "Fin del reporte"])
def test_pie_que_dice_serlo_se_omite(con, pie):
    res = importar(con, "\n".join([ENCABEZADO, *BUENAS, pie, ""]))
    assert res.problemas == [] and res.filas_leidas == 2 and ordenes(con) == 2


def test_pie_en_medio_no_es_pie(con):
    res = importar(con, "\n".join([ENCABEZADO, BUENAS[0], "Total: 1", BUENAS[1], ""]))
    assert (3, "OT") in {(p.fila, p.columna) for p in res.problemas}


def test_factura_sin_fecha_al_final_se_rechaza(con):
    texto = ("N° Factura;Fecha Emisión;Nro. Solicitud;Importe Bs.\n40101;01/10/2026;3801;150,00\n"
             "40102;;3802;150,00\nTOTAL;;;300,00\n")
    res = importar(con, texto)
    assert [(p.fila, p.columna) for p in res.problemas] == [(3, "Fecha Emisión")], res.problemas


# --- 3. límites antes del costo ---------------------------------------------------------------------

def libro_crudo(ruta, hoja_xml, nivel=1) -> None:
    """Un .xlsx mínimo escrito a mano: `hoja_xml` es un iterable de trozos de la hoja (se comprime en flujo, sin
    tenerla entera en memoria). Así se arma una bomba de 1 GB en un par de segundos."""
    import zipfile
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    partes = {
        "[Content_Types].xml": '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
        'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships'
        '+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override '
        'PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
        'relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<?xml version="1.0"?><workbook {ns} {rel}><sheets><sheet name="Hoja1" sheetId="1" '
        'r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/'
        'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
        'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
    }
    with zipfile.ZipFile(ruta, "w", zipfile.ZIP_DEFLATED, compresslevel=nivel) as z:
        for nombre, texto in partes.items():
            z.writestr(nombre, texto)
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f:
            f.write(f'<?xml version="1.0"?><worksheet {ns}><sheetData>'.encode())
            for trozo in hoja_xml:
                f.write(trozo)
            f.write(b"</sheetData></worksheet>")


def encabezado_xml() -> bytes:
    celdas = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>'
                     for c, t in zip("ABCD", ["N° OT", "Actividad", "Estado", "Fecha Registro"]))
    return f'<row r="1">{celdas}</row>'.encode()


@pytest.fixture(scope="module")
def bomba(tmp_path_factory):
    """~7 MB que se inflan a 1 GB: la misma fila sin número, repetida (unos 20 millones de filas)."""
    ruta = tmp_path_factory.mktemp("bomba") / "bomba.xlsx"
    fila = b'<row><c t="inlineStr"><is><t>52137</t></is></c></row>' * 1000

    def trozos():
        yield encabezado_xml()
        for _ in range((1 << 30) // len(fila)):
            yield fila
    libro_crudo(ruta, trozos())
    return ruta


def test_bomba_xlsx_se_rechaza_sin_inflarla(base_migrada, bomba):
    """En otro proceso, para medir su memoria máxima (VmHWM: ru_maxrss conserva la del proceso que lo lanzó, a
    través del exec): leerla entera pedía 2,4 GB."""
    import subprocess
    import sys
    codigo = (
        "from datos import conexion\nfrom datos.importar import importar_archivo\nfrom tests.ayudas import SISTEMA\n"
        f"con = conexion.conectar({str(base_migrada)!r})\n"
        f"res = importar_archivo(con, {str(bomba)!r}, usuario=SISTEMA)\n"
        "print(res.problemas[0].problema)\n"
        "print(con.execute('SELECT count(*) FROM ordenes').fetchone()[0])\n"
        "print(next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM')) // 1024)\n")
    salida = subprocess.run([sys.executable, "-c", codigo], capture_output=True, text=True, check=True,
                            cwd=str(__import__("pathlib").Path(__file__).parents[1])).stdout.splitlines()
    problema, escritas, mb = salida[-3], int(salida[-2]), int(salida[-1])
    assert "bomba de compresión" in problema and "sheet1.xml" in problema, problema
    assert escritas == 0
    assert mb < 400, f"memoria máxima {mb} MB: la bomba (1.024 MB inflada) se leyó"


def test_hoja_con_mas_filas_que_excel_se_rechaza(con, tmp_path):
    ruta = tmp_path / "largo.xlsx"
    fila = '<row r="{0}"><c r="A{0}"><v>{0}</v></c><c r="B{0}"><v>52137</v></c></row>'
    libro_crudo(ruta, [encabezado_xml(), fila.format(2).encode(), fila.format(1_048_577).encode()])
    res = importar_archivo(con, ruta, usuario=SISTEMA)
    (p,) = res.problemas
    assert "más de 1.048.576 filas" in p.problema and p.hoja == "Hoja1"


def test_excel_2003_con_indice_de_fila_enorme_se_rechaza_sin_armarla(con):
    xml = ('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook '
           'xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
           '<Worksheet ss:Name="H"><Table><Row><Cell><Data ss:Type="String">OT</Data></Cell>'
           '<Cell ss:Index="900000000"><Data ss:Type="String">x</Data></Cell></Row>'
           '<Row ss:Index="5000000"><Cell><Data ss:Type="Number">1</Data></Cell></Row></Table></Worksheet></Workbook>')
    (p,) = importar(con, xml, "r.xls").problemas
    assert "más de 1.048.576 filas" in p.problema


def test_diez_mil_encabezados_se_rechazan_antes_de_mapear(con):
    texto = ";".join(["OT"] * 10_000) + ";Actividad;Estado;F. Registro\n" + ";".join(["1"] * 10_003) + "\n"
    (p,) = importar(con, texto).problemas
    assert "10.003 columnas" in p.problema and "hasta 500" in p.problema and p.fila == 1


def test_diez_mil_encabezados_en_excel(con):
    contenido = libro([["N° OT"] * 600 + ["Actividad", "Estado", "Fecha Registro"]])
    (p,) = importar(con, contenido, "r.xlsx").problemas
    assert "603 columnas" in p.problema and p.hoja == "Órdenes"


def test_campo_de_200_kb_se_lee(con):
    """Python leía hasta 128 KB por campo: pasado eso, un _csv.Error (una traza) al numerar las líneas."""
    texto = (f"{ENCABEZADO};Obs\n1;52137;Atendido;01/10/2026;\"{'x' * 200_000}\"\n"
             "2;52137;Atendido;01/10/2026;\"dos\nlíneas\"\n3;52137;Atendido;31/02/2026;\n")
    res = importar(con, texto)
    assert [(p.fila, p.columna) for p in res.problemas] == [(5, "F. Registro")]


def test_linea_de_mas_de_un_mega_se_rechaza_con_su_linea(con):
    texto = f"{ENCABEZADO};Obs\n1;52137;Atendido;01/10/2026;\n2;52137;Atendido;01/10/2026;\"{'x' * 1_100_000}\"\n"
    (p,) = importar(con, texto).problemas
    assert p.fila == 3 and "más de 1.024 KB" in p.problema and "comilla" in p.que_hacer


def test_errores_de_duckdb_linea_larga(tmp_path):
    import duckdb

    from datos.importar.texto import tipo_de_error_csv
    ruta = tmp_path / "l.csv"
    ruta.write_bytes(b'a;"' + b"x" * 5000 + b'"\n')
    with pytest.raises(duckdb.Error) as e:
        duckdb.connect().execute("SELECT * FROM read_csv($r, delim=';', header=false, auto_detect=false, "
                                 "columns={'c0': 'VARCHAR', 'c1': 'VARCHAR'}, max_line_size=1000)",
                                 {"r": str(ruta)}).fetchall()
    assert tipo_de_error_csv(e.value) == "linea_larga"


# --- 4. causas claras ---------------------------------------------------------------------------------

def ole_cifrado() -> bytes:
    """Un archivo compuesto de OLE (CFB v3) con los dos flujos de un .xlsx cifrado con contraseña (EncryptionInfo y
    EncryptedPackage), como lo guarda Excel: se escribe a mano, sector por sector."""
    import struct
    fin, libre, fat_s = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD
    flujo = 4096  # no menos: así no van al mini flujo
    por_flujo = flujo // 512
    fat = [fat_s, fin] + [s + 1 for s in range(2, 2 + por_flujo - 1)] + [fin] \
        + [s + 1 for s in range(2 + por_flujo, 2 + 2 * por_flujo - 1)] + [fin]
    fat += [libre] * (128 - len(fat))
    cabecera = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16 + struct.pack(
        "<HHHHH6sIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, b"\0" * 6, 0, 1, 1, 0, 4096, fin, 0, fin, 0)
        + struct.pack("<I", 0) + struct.pack("<I", libre) * 108)

    def entrada(nombre, tipo, hermano_d, hijo, inicio, largo):
        n = nombre.encode("utf-16-le") + b"\0\0"
        return (n.ljust(64, b"\0") + struct.pack("<HBBIII", len(n), tipo, 1, libre, hermano_d, hijo) + b"\0" * 16
                + struct.pack("<IQQIQ", 0, 0, 0, inicio, largo))
    directorio = (entrada("Root Entry", 5, libre, 1, fin, 0) + entrada("EncryptionInfo", 2, 2, libre, 2, flujo)
                  + entrada("EncryptedPackage", 2, libre, libre, 2 + por_flujo, flujo) + b"\0" * 128)
    return (cabecera + struct.pack("<128I", *fat) + directorio + bytes(range(256)) * (flujo // 256)
            + b"\x5a" * flujo)


def test_xlsx_con_contrasena_lo_dice(con):
    (p,) = importar(con, ole_cifrado(), "cifrado.xlsx").problemas
    assert "contraseña" in p.problema and "cifrado" in p.problema


@pytest.mark.parametrize("cod", ["utf-16-le", "utf-16-be"])
def test_utf16_sin_bom_se_lee(con, cod):
    texto = "Nro. Orden;Actividad;Estado;F. Registro;Zona\r\n1;52137;Atendido;01/10/2026;Cercado Ñ\r\n"
    res = importar(con, texto.encode(cod))
    assert res.problemas == [] and "UTF-16" in res.lectura.detalle
    assert con.execute("SELECT zona FROM ordenes").fetchall() == [("Cercado Ñ",)]


def test_html_sin_tabla_dice_la_causa(con):
    pagina = ('<html><head><meta charset="windows-1252"></head><body><p>ORA-00942: la tabla o vista no existe</p>'
              '</body></html>')
    (p,) = importar(con, pagina.encode("cp1252"), "consulta.xls").problemas
    assert "página web sin tabla" in p.problema and "SET MARKUP HTML ON" in p.que_hacer


# --- 2. la carpeta de entrada toma un archivo sólo cuando está completo ------------------------------

def filas_csv(desde: int, hasta: int) -> str:
    return "".join(f"{ot};52137;Atendido;01/10/2026\n" for ot in range(desde, hasta))


def test_carpeta_no_toma_un_archivo_que_se_sigue_escribiendo(base_migrada, tmp_path):
    """Una exportación escrita por tandas: la primera mitad, una pausa más larga que `quieto_s` en el límite de una
    fila, y el resto. Antes: 50 de 120 filas importadas y el archivo movido a procesados/ con el resto adentro."""
    from operacion import tareas
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    ruta = entrada / "tandas.csv"

    def correr(ahora):
        return tareas.correr(base_migrada, ahora=ahora, entrada=entrada, informes=tmp_path / "informes",
                             respaldos=tmp_path / "respaldos", quieto_s=0, solo={"carpeta_entrada"})
    with ruta.open("w", encoding="utf-8") as escritor:
        escritor.write(ENCABEZADO + "\n" + filas_csv(1, 51))
        escritor.flush()
        (primera,) = correr(dt.datetime(2026, 11, 3, 8, 0))
        assert primera.resultado == "sin_novedad" and ruta.exists()
        escritor.write(filas_csv(51, 121))
    (segunda,) = correr(dt.datetime(2026, 11, 3, 8, 15))
    assert segunda.resultado == "hecho" and "tandas.csv" in segunda.detalle
    assert [p.name for p in (entrada / "procesados").iterdir()] == ["tandas.csv"]
    from datos import conexion
    with conexion.abierta(base_migrada) as con:
        assert con.execute("SELECT count(*), min(ot), max(ot) FROM ordenes").fetchone() == (120, 1, 120)
        assert con.execute("SELECT filas_leidas FROM importaciones").fetchall() == [(120,)]


def test_archivo_que_cambia_mientras_se_importa_no_se_escribe(con, tmp_path):
    ruta = tmp_path / "crece.csv"
    ruta.write_text(ENCABEZADO + "\n" + filas_csv(1, 51), encoding="utf-8")

    def avance(fraccion, texto):
        if texto.startswith("Escribiendo"):  # el escritor vuelve con otra tanda antes del COMMIT
            with ruta.open("a", encoding="utf-8") as f:
                f.write(filas_csv(51, 121))
    res = importar_archivo(con, ruta, usuario=SISTEMA, avance=avance)
    (p,) = res.problemas
    assert "cambió mientras se importaba" in p.problema and res.importacion_id is None
    assert ordenes(con) == 0
    res = importar_archivo(con, ruta, usuario=SISTEMA)  # la próxima vez, entero
    assert res.problemas == [] and ordenes(con) == 120


def test_carpeta_aparta_lo_que_pasa_un_limite_y_sigue(base_migrada, tmp_path):
    from operacion import tareas
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    (entrada / "a_linea_larga.csv").write_text(f"{ENCABEZADO};Obs\n1;52137;Atendido;01/10/2026;\"{'x' * 1_100_000}\"\n")
    (entrada / "b_columnas.xlsx").write_bytes(libro([["N° OT"] * 600 + ["Actividad", "Estado", "Fecha Registro"]]))
    (entrada / "c_bueno.csv").write_text(ENCABEZADO + "\n" + filas_csv(1, 4))
    (hecha,) = tareas.correr(base_migrada, ahora=dt.datetime(2026, 11, 3, 8, 0), entrada=entrada,
                             informes=tmp_path / "informes", respaldos=tmp_path / "respaldos", quieto_s=0,
                             solo={"carpeta_entrada"})
    assert hecha.resultado == "hecho"
    assert [p.name for p in (entrada / "procesados").iterdir()] == ["c_bueno.csv"]
    rechazados = sorted(p.name for p in (entrada / "rechazados").iterdir())
    assert rechazados == ["a_linea_larga.csv", "a_linea_larga.csv.problemas.txt", "b_columnas.xlsx",
                          "b_columnas.xlsx.problemas.txt"]
    assert "más de 1.024 KB" in (entrada / "rechazados" / "a_linea_larga.csv.problemas.txt").read_text()
