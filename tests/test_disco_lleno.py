"""Disco lleno (issue 27, puntos 7 y 8) en un tmpfs chico de verdad (montado para la prueba): un mensaje en español
que nombra la causa y el lugar que hace falta, ningún temporal a medias, nada escrito en la base, y los respaldos
buenos intactos."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from datos import conexion
from operacion import respaldo
from tests.ayudas import MUESTRAS, copiar_plantilla, correr_proceso

CSV = MUESTRAS / "ordenes_reporte_2025.csv"


class Disco(type(Path())):
    def llenar(self, kb: int) -> None:
        """Deja libres sólo `kb` KB (un archivo de relleno ocupa el resto)."""
        relleno = self / "relleno"
        relleno.unlink(missing_ok=True)
        libre = shutil.disk_usage(self).free
        with open(relleno, "wb") as f:
            for _ in range(max(0, (libre - kb * 1024) // 4096)):
                f.write(b"\0" * 4096)


@pytest.fixture
def disco(tmp_path):
    """Un tmpfs de 16 MB montado para la prueba."""
    punto = Disco(tmp_path / "disco")
    punto.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(punto)],
                      capture_output=True).returncode != 0:
        pytest.skip("montar un tmpfs necesita root (las pruebas de la máquina de integración corren como root)")
    try:
        yield punto
    finally:
        subprocess.run(["umount", "-l", str(punto)], check=True)


def sin_nada_escrito(ruta) -> None:
    with conexion.abierta(ruta) as con:
        assert con.execute("SELECT (SELECT count(*) FROM ordenes), (SELECT count(*) FROM importaciones)"
                           ).fetchone() == (0, 0)


@pytest.mark.parametrize("libres_kb", [40, CSV.stat().st_size // 1024 + 150])  # el temporal no entra / la base no
def test_importar_con_el_disco_lleno(disco, plantilla_migrada, libres_kb):
    ruta = copiar_plantilla(plantilla_migrada, disco / "seguimiento.duckdb")
    (disco / ".importando").mkdir()
    disco.llenar(libres_kb)
    corrida = correr_proceso("datos", "importar", "--db", ruta, CSV)
    assert corrida.returncode == 1
    assert "Traceback" not in corrida.stderr and "Error" not in corrida.stdout, corrida.stderr
    mensaje = corrida.stderr.strip().splitlines()[-1]
    assert mensaje.startswith(f"Error: El disco de «{disco}» está lleno: no se pudo ")
    assert "MB libres; hacen falta unos " in mensaje and "No se guardó nada a medias" in mensaje
    assert list((disco / ".importando").iterdir()) == []  # ningún temporal a medias ocupando el disco
    (disco / "relleno").unlink()
    sin_nada_escrito(ruta)


def test_la_carpeta_de_entrada_deja_el_archivo_si_el_disco_esta_lleno(disco, plantilla_migrada, tmp_path):
    from operacion import tareas
    import datetime as dt

    ruta = copiar_plantilla(plantilla_migrada, disco / "seguimiento.duckdb")
    entrada = tmp_path / "entrada"
    entrada.mkdir()
    shutil.copy(CSV, entrada / CSV.name)
    disco.llenar(40)
    (corrida,) = tareas.correr(ruta, entrada=entrada, informes=tmp_path / "informes", solo={"carpeta_entrada"},
                               quieto_s=0, ahora=dt.datetime(2026, 11, 2, 8, 0))
    assert corrida.resultado == "fallido", corrida
    assert corrida.detalle.startswith(f"El disco de «{disco}» está lleno: no se pudo importar «{CSV.name}»")
    assert (entrada / CSV.name).exists() and not (entrada / "rechazados").exists()  # el archivo no tiene la culpa
    (disco / "relleno").unlink()
    sin_nada_escrito(ruta)


def test_respaldar_en_un_disco_lleno(disco, base_migrada, tmp_path):
    salida = disco / "respaldos"
    bueno = respaldo.respaldar(base_migrada, salida=salida, conservar=5)
    disco.llenar(100)
    with pytest.raises(respaldo.archivos.DiscoLleno) as e:
        respaldo.respaldar(base_migrada, salida=salida, conservar=5)
    texto = str(e.value)
    assert texto.startswith(f"El disco de «{salida}» está lleno: no se pudo escribir el respaldo (quedan ")
    assert f"hacen falta unos {respaldo.tamano(base_migrada)}" in texto
    assert sorted(p.name for p in salida.iterdir()) == [bueno.name]  # ni temporal ni poda
