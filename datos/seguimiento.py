"""Seguimiento de cada OT (pasos 11–14 del procedimiento): medidas correctivas, coordinaciones con
Gestión de Redes, verificaciones, y las ausencias de la Resp. de Atención.

Sólo se agregan filas: corregir un registro es agregar otra versión que apunta (corrige_a) a la que
reemplaza; la anterior queda tal cual. Las importaciones nunca tocan la tabla `seguimientos`.
"""
from __future__ import annotations

import datetime as dt
from contextlib import closing

from datos import reloj
from datos.administracion import auditar
from datos.conexion import transaccion
from datos.dominio import NOMBRE_TIPO, RESULTADOS, TIPO_POR_ESTADO
from datos.errores import DatoInvalido
from datos.permisos import Usuario, exigir

LARGO_MAXIMO = 4000


def suplencia_vigente(con, hoy: dt.date) -> tuple | None:
    """La ausencia de la Resp. de Atención que cubre `hoy`, si hay: (id, desde, hasta, motivo)."""
    return con.execute(
        "SELECT id, desde, hasta, motivo FROM ausencias_efectivas WHERE NOT anulada AND $hoy BETWEEN desde AND hasta "
        "ORDER BY desde DESC, id DESC LIMIT 1", {"hoy": hoy}).fetchone()


def es_suplente(con, usuario: Usuario, hoy: dt.date) -> bool:
    """Retención escribe como suplente mientras una ausencia registrada cubre el día."""
    return usuario.rol == "retencion" and suplencia_vigente(con, hoy) is not None


def agregar(con, usuario: Usuario | None, ot: int, tipo: str, texto: str = "", *,
            fecha_contacto: dt.date | None = None, contacto: str | None = None,
            fecha_acordada: dt.date | None = None, resultado: str | None = None,
            corrige_a: int | None = None, hoy: dt.date | None = None) -> int:
    """Agrega un registro de seguimiento a la OT y devuelve su id.

    Con `corrige_a`, el registro es la nueva versión de otro (misma OT y mismo tipo, y debe ser la
    versión vigente: no se ramifica la historia)."""
    exigir(usuario, "seguimiento")
    hoy = hoy or reloj.hoy()
    texto = (texto or "").strip()
    contacto = (contacto or "").strip() or None
    _validar(tipo, texto, fecha_contacto, contacto, fecha_acordada, resultado, hoy)
    # Cursor propio: la transacción no se mezcla con lo que la sesión lee en paralelo por su cursor.
    with closing(con.cursor()) as cur, transaccion(cur):
        fila = cur.execute("SELECT estado FROM ordenes WHERE ot = $ot", {"ot": ot}).fetchone()
        if fila is None:
            raise DatoInvalido(f"La OT {ot} no existe en la base.")
        if corrige_a is None and TIPO_POR_ESTADO[fila[0]] != tipo:
            raise DatoInvalido(
                f"La OT {ot} está {fila[0]}: corresponde registrar "
                f"{NOMBRE_TIPO[TIPO_POR_ESTADO[fila[0]]]}, no {NOMBRE_TIPO[tipo]}.")
        campos = {"ot": ot, "tipo": tipo, "corrige_a": corrige_a, "texto": texto, "fecha_contacto": fecha_contacto,
                  "contacto": contacto, "fecha_acordada": fecha_acordada, "resultado": resultado,
                  "autor": usuario.usuario, "suplente": es_suplente(cur, usuario, hoy)}
        # El mismo envío otra vez (antes de validar la corrección: la repetida ya no corrige a la vigente).
        (repetido,) = cur.execute(
            "SELECT max(id) FROM seguimientos WHERE recien_guardado(creado_en) AND "
            + " AND ".join(f"{c} IS NOT DISTINCT FROM ${c}" for c in campos), campos).fetchone()  # nombres fijos
        if repetido is not None:
            return repetido
        if corrige_a is not None:
            _validar_correccion(cur, ot, tipo, corrige_a)
        (nuevo,) = cur.execute(
            "INSERT INTO seguimientos (ot, tipo, corrige_a, texto, fecha_contacto, contacto, fecha_acordada, "
            "resultado, autor, rol, suplente) VALUES ($ot, $tipo, $corrige_a, $texto, $fecha_contacto, "
            "$contacto, $fecha_acordada, $resultado, $autor, $rol, $suplente) RETURNING id",
            {**campos, "rol": usuario.rol}).fetchone()
        detalle = f"OT {ot} · {tipo} · registro {nuevo}" + (f" corrige {corrige_a}" if corrige_a else "")
        auditar(cur, usuario, "seguimiento_corregido" if corrige_a else "seguimiento_agregado",
                detalle + (" (suplente)" if campos["suplente"] else ""))
    return nuevo


def corregir(con, usuario: Usuario | None, id_anterior: int, texto: str = "", *, hoy: dt.date | None = None,
             **campos) -> int:
    """Agrega una nueva versión del registro `id_anterior` (que queda guardado tal cual)."""
    exigir(usuario, "seguimiento")
    fila = con.execute("SELECT ot, tipo FROM seguimientos WHERE id = $id", {"id": id_anterior}).fetchone()
    if fila is None:
        raise DatoInvalido(f"No existe el registro de seguimiento {id_anterior}.")
    return agregar(con, usuario, fila[0], fila[1], texto, corrige_a=id_anterior, hoy=hoy, **campos)


def registrar_ausencia(con, usuario: Usuario | None, desde: dt.date, hasta: dt.date, motivo: str = "") -> int:
    """«Resp. de Atención ausente del … al …»: en esos días la Resp. de Retención queda a cargo."""
    exigir(usuario, "ausencias")
    if desde is None or hasta is None:
        raise DatoInvalido("Indique desde qué día y hasta qué día.")
    if hasta < desde:
        raise DatoInvalido("La fecha «hasta» no puede ser anterior a «desde».")
    motivo = (motivo or "").strip()
    if len(motivo) > LARGO_MAXIMO:
        raise DatoInvalido(f"El motivo es demasiado largo (máximo {LARGO_MAXIMO} caracteres).")
    with closing(con.cursor()) as cur, transaccion(cur):
        # Dos ausencias que se superponen harían dudar quién está a cargo un día: se corrige la que ya está.
        otra = cur.execute("SELECT desde, hasta FROM ausencias_efectivas WHERE NOT anulada AND desde <= $h "
                           "AND hasta >= $d ORDER BY desde LIMIT 1", {"d": desde, "h": hasta}).fetchone()
        if otra:
            raise DatoInvalido(f"Ya hay una ausencia registrada del {otra[0]:%d/%m/%Y} al {otra[1]:%d/%m/%Y} que se "
                               "superpone con estas fechas: termínela antes o anúlela, o elija otras fechas.")
        (nuevo,) = cur.execute(
            "INSERT INTO ausencias (desde, hasta, motivo, registrado_por) VALUES ($d, $h, $m, $u) RETURNING id",
            {"d": desde, "h": hasta, "m": motivo or None, "u": usuario.usuario}).fetchone()
        auditar(cur, usuario, "ausencia_registrada", f"{desde:%d/%m/%Y} al {hasta:%d/%m/%Y}")
    return nuevo


def terminar_ausencia(con, usuario: Usuario | None, ausencia: int, hasta: dt.date, motivo: str = "") -> None:
    """La Resp. de Atención volvió antes: la ausencia termina el día `hasta` (un registro más, nada se borra)."""
    _cambiar_ausencia(con, usuario, ausencia, "terminada", hasta, motivo)


def anular_ausencia(con, usuario: Usuario | None, ausencia: int, motivo: str = "") -> None:
    """Una ausencia registrada por error deja de contar (un registro más, con su autor; la original queda)."""
    _cambiar_ausencia(con, usuario, ausencia, "anulada", None, motivo)


def _cambiar_ausencia(con, usuario, ausencia: int, tipo: str, hasta: dt.date | None, motivo: str) -> None:
    exigir(usuario, "ausencias")
    motivo = (motivo or "").strip()
    if len(motivo) > LARGO_MAXIMO:
        raise DatoInvalido(f"El motivo es demasiado largo (máximo {LARGO_MAXIMO} caracteres).")
    with closing(con.cursor()) as cur, transaccion(cur):
        fila = cur.execute("SELECT desde, hasta, anulada FROM ausencias_efectivas WHERE id = $i",
                           {"i": int(ausencia)}).fetchone()
        if fila is None:
            raise DatoInvalido(f"No existe la ausencia {ausencia}.")
        desde, hasta_actual, anulada = fila
        if anulada:
            raise DatoInvalido("Esa ausencia ya está anulada.")
        if tipo == "terminada":
            if hasta is None or not desde <= hasta < hasta_actual:
                raise DatoInvalido(f"El nuevo último día debe estar entre el {desde:%d/%m/%Y} y el "
                                   f"{hasta_actual - dt.timedelta(days=1):%d/%m/%Y} (antes del {hasta_actual:%d/%m/%Y}).")
        cur.execute("INSERT INTO ausencias_cambios (ausencia_id, tipo, hasta, motivo, registrado_por) "
                    "VALUES ($a, $t, $h, $m, $u)",
                    {"a": int(ausencia), "t": tipo, "h": hasta, "m": motivo or None, "u": usuario.usuario})
        detalle = (f"del {desde:%d/%m/%Y}: termina el {hasta:%d/%m/%Y}" if tipo == "terminada"
                   else f"del {desde:%d/%m/%Y} al {hasta_actual:%d/%m/%Y}")
        auditar(cur, usuario, f"ausencia_{tipo}", detalle)


def _validar(tipo, texto, fecha_contacto, contacto, fecha_acordada, resultado, hoy) -> None:
    if tipo not in NOMBRE_TIPO:
        raise DatoInvalido(f"Tipo de registro desconocido «{tipo}».")
    if len(texto) > LARGO_MAXIMO:
        raise DatoInvalido(f"El texto es demasiado largo (máximo {LARGO_MAXIMO} caracteres).")
    if tipo == "medida_correctiva" and not texto:
        raise DatoInvalido("Escriba la medida correctiva.")
    if tipo == "coordinacion":
        if not texto:
            raise DatoInvalido("Escriba qué se coordinó con Gestión de Redes.")
        if fecha_contacto is None:
            raise DatoInvalido("Indique la fecha de contacto con Gestión de Redes.")
        if fecha_contacto > hoy:
            raise DatoInvalido("La fecha de contacto no puede ser posterior a hoy.")
        if fecha_acordada is not None and fecha_acordada < fecha_contacto:
            raise DatoInvalido("La fecha acordada no puede ser anterior a la fecha de contacto.")
    elif fecha_contacto or contacto or fecha_acordada:
        raise DatoInvalido("Contacto y fechas acordadas sólo corresponden a una coordinación.")
    if tipo == "verificacion":
        if resultado not in RESULTADOS:
            raise DatoInvalido("Elija el resultado de la verificación: conforme o con observación.")
        if resultado == "con_observacion" and not texto:
            raise DatoInvalido("Describa la observación encontrada.")
    elif resultado is not None:
        raise DatoInvalido("El resultado sólo corresponde a una verificación.")


def _validar_correccion(cur, ot: int, tipo: str, corrige_a: int) -> None:
    anterior = cur.execute("SELECT ot, tipo FROM seguimientos WHERE id = $id", {"id": corrige_a}).fetchone()
    if anterior is None or anterior[0] != ot or anterior[1] != tipo:
        raise DatoInvalido(f"El registro {corrige_a} no es {NOMBRE_TIPO[tipo]} de la OT {ot}.")
    siguiente = cur.execute("SELECT min(id) FROM seguimientos WHERE corrige_a = $id", {"id": corrige_a}).fetchone()[0]
    if siguiente is not None:
        raise DatoInvalido(f"El registro {corrige_a} ya fue corregido por el registro {siguiente}: corrija la versión "
                           "vigente.")
