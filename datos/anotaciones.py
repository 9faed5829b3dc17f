"""Notas sobre la tendencia del KPI (issue 25): «Paro de Gestión de Redes 12–15/09», «Lluvias: acceso cerrado en
Sacaba». Atención, Retención y la Jefatura las escriben para un mes o un rango de fechas; el Semáforo y el informe
mensual las muestran en la tendencia y en «Contexto del mes».

Como el seguimiento, sólo se agregan filas: corregir una nota es agregar otra versión que apunta (corrige_a) a la que
reemplaza, y retirarla es una versión marcada `retirada`; la anterior queda tal cual. Todo queda en la auditoría.
"""
from __future__ import annotations

import datetime as dt
from contextlib import closing

from datos.administracion import auditar
from datos.conexion import transaccion
from datos.errores import DatoInvalido
from datos.permisos import Usuario, exigir

LARGO_MAXIMO = 140      # una nota corta: se dibuja en la tendencia
DIAS_MAXIMOS = 366


def agregar(con, usuario: Usuario | None, desde: dt.date, hasta: dt.date | None, texto: str, *,
            corrige_a: int | None = None) -> int:
    """Agrega una nota del día `desde` al día `hasta` (None = sólo ese día) y devuelve su id. Con `corrige_a`, es la
    nueva versión de esa nota (que debe ser la vigente: la historia no se ramifica)."""
    exigir(usuario, "anotar")
    hasta = hasta or desde
    texto = _validar(desde, hasta, texto)
    with closing(con.cursor()) as cur, transaccion(cur):
        (repetido,) = cur.execute(  # el mismo envío otra vez (antes de _vigente: la repetida ya no corrige a la vigente)
            "SELECT max(id) FROM anotaciones WHERE recien_guardado(creado_en) AND NOT retirada AND corrige_a IS NOT "
            "DISTINCT FROM $c AND desde = $d AND hasta = $h AND texto = $t AND autor = $a",
            {"c": corrige_a, "d": desde, "h": hasta, "t": texto, "a": usuario.usuario}).fetchone()
        if repetido is not None:
            return repetido
        if corrige_a is not None:
            _vigente(cur, corrige_a)
        nuevo = _insertar(cur, usuario, desde, hasta, texto, corrige_a, False)
        accion, detalle = "anotacion_agregada", f"nota {nuevo}"
        if corrige_a is not None:
            accion, detalle = "anotacion_corregida", f"nota {nuevo} corrige la {corrige_a}"
        auditar(cur, usuario, accion, f"{detalle}: {_periodo(desde, hasta)} «{texto}»")
    return nuevo


def corregir(con, usuario: Usuario | None, id_anterior: int, desde: dt.date, hasta: dt.date | None,
             texto: str) -> int:
    """Una nueva versión de la nota `id_anterior` (que queda guardada tal cual)."""
    return agregar(con, usuario, desde, hasta, texto, corrige_a=id_anterior)


def retirar(con, usuario: Usuario | None, id_anterior: int) -> int:
    """La nota deja de mostrarse: una versión más, marcada retirada, con su autor y su hora."""
    exigir(usuario, "anotar")
    with closing(con.cursor()) as cur, transaccion(cur):
        desde, hasta, texto = _vigente(cur, id_anterior)
        nuevo = _insertar(cur, usuario, desde, hasta, texto, id_anterior, True)
        auditar(cur, usuario, "anotacion_retirada", f"nota {id_anterior}: {_periodo(desde, hasta)} «{texto}»")
    return nuevo


def _insertar(cur, usuario: Usuario, desde, hasta, texto, corrige_a, retirada: bool) -> int:
    (nuevo,) = cur.execute(
        "INSERT INTO anotaciones (corrige_a, desde, hasta, texto, retirada, autor, rol) "
        "VALUES ($c, $d, $h, $t, $r, $a, $rol) RETURNING id",
        {"c": corrige_a, "d": desde, "h": hasta, "t": texto, "r": retirada, "a": usuario.usuario,
         "rol": usuario.rol}).fetchone()
    return nuevo


def _vigente(cur, id_nota: int) -> tuple:
    fila = cur.execute("SELECT desde, hasta, texto, retirada FROM anotaciones WHERE id = $i",
                       {"i": int(id_nota)}).fetchone()
    if fila is None:
        raise DatoInvalido(f"No existe la nota {id_nota}.")
    siguiente = cur.execute("SELECT min(id) FROM anotaciones WHERE corrige_a = $i", {"i": int(id_nota)}).fetchone()[0]
    if siguiente is not None:
        raise DatoInvalido(f"La nota {id_nota} ya fue corregida o retirada (versión {siguiente}): "
                           "corrija la versión vigente.")
    if fila[3]:
        raise DatoInvalido(f"La nota {id_nota} está retirada.")
    return fila[:3]


def _validar(desde, hasta, texto) -> str:
    if not isinstance(desde, dt.date) or not isinstance(hasta, dt.date):
        raise DatoInvalido("Indique la fecha (o el mes) de la nota.")
    if hasta < desde:
        raise DatoInvalido("La fecha «hasta» no puede ser anterior a «desde».")
    if (hasta - desde).days >= DIAS_MAXIMOS:
        raise DatoInvalido("Una nota cubre a lo sumo un año: para un periodo más largo escriba una por año.")
    texto = " ".join((texto or "").split())  # una línea: se dibuja en el gráfico
    if not texto:
        raise DatoInvalido("Escriba la nota (por ejemplo «Paro de Gestión de Redes»).")
    if len(texto) > LARGO_MAXIMO:
        raise DatoInvalido(f"La nota es demasiado larga ({len(texto)} caracteres; máximo {LARGO_MAXIMO}): "
                           "es una nota corta sobre la tendencia.")
    return texto


def _periodo(desde: dt.date, hasta: dt.date) -> str:
    return f"{desde:%d/%m/%Y}" if desde == hasta else f"del {desde:%d/%m/%Y} al {hasta:%d/%m/%Y}"
