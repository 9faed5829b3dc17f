"""Conciliación mensual de facturas CxC (paso 15 del procedimiento; DISENO §8): lo que escriben la Encargada de
Facturación (explicar excepciones, firmar «Elaborado por»), la jefatura (firmar «Revisado por») y el administrador
(tarifa, equivalencias de estados de factura, conceptos de poste). Cada escritura pide su permiso aquí, en la capa de
datos, y queda en la auditoría. Explicaciones y firmas sólo se agregan: nunca se cambian ni se borran.

La conciliación misma es la macro conciliacion_del_mes (consultas/modelo/), leída por las consultas
consultas/conciliacion*.sql.
"""
from __future__ import annotations

import datetime as dt
import json
from contextlib import closing
from decimal import Decimal

from datos.sql import ejecutar
from datos import formato
from datos.meses import leer_mes, mes_siguiente, nombre_mes
from datos import reloj
from datos.administracion import auditar, valor_ajuste
from datos.conexion import transaccion
from datos.errores import DatoInvalido
from datos.permisos import Usuario, exigir

# Las categorías de DISENO §8, en su orden: (rótulo, qué quiere decir, qué es el importe en juego).
CATEGORIAS = {
    "duplicadas": ("Duplicadas", "Dos o más facturas válidas para el trámite.", "cobrado de más"),
    "importe_distinto": ("Importe distinto",
                         "Una factura válida cuyo neto no es la tarifa en vigor el día de la factura.",
                         "diferencia con la tarifa"),
    "cobrada_con_orden_anulada": ("Cobrada con orden anulada",
                                  "Una factura válida de la tarifa, pero la OT terminó ANULADA: corresponde devolver o "
                                  "emitir una nota de crédito.", "a devolver"),
    "conciliadas": ("Conciliadas", "Una factura válida de la tarifa y la OT no está anulada.", "conciliado"),
    "anulada_con_orden_atendida": ("Anulada con orden atendida",
                                   "Ninguna factura válida, alguna anulada (o cancelada con nota de crédito), y la OT "
                                   "fue ATENDIDA: trabajo hecho sin cobrar.", "sin cobrar"),
    "sin_factura": ("Sin factura", "El trámite no tiene ninguna factura válida.", "sin cobrar"),
    "factura_sin_tramite": ("Factura sin trámite",
                            "Factura de movimiento de poste del mes cuya solicitud no es de una orden de poste "
                            "conocida.", "facturado"),
}
EXCEPCIONES = tuple(c for c in CATEGORIAS if c != "conciliadas")
FIRMAS = {"elaborado": ("Elaborado por", "conciliar"), "revisado": ("Revisado por", "revisar_conciliacion")}
LARGO_MAXIMO = 4000


def primer_mes_abierto(hoy: dt.date | None = None) -> dt.date:
    """El mes en curso: se firma un mes cuando ya terminó (desde el día 1 del siguiente)."""
    hoy = hoy or reloj.hoy()
    return dt.date(hoy.year, hoy.month, 1)


def cambios_desde_firma(con, mes) -> list[tuple]:
    """Lo que cambió desde la última firma «Elaborado por» (consultas/conciliacion_cambios.sql)."""
    return ejecutar(con, "conciliacion_cambios", mes=leer_mes(mes)).fetchall()


# --- Facturación: explicar y firmar ---------------------------------------------------------------------------

def explicar(con, usuario: Usuario | None, mes, clave: str, texto: str) -> int:
    """Marca una excepción del mes como explicada, con un texto. Devuelve el id de la explicación. Si ya tenía una, la
    nueva la corrige (la anterior queda guardada tal cual)."""
    exigir(usuario, "conciliar")
    mes = leer_mes(mes)
    texto = (texto or "").strip()
    if not texto:
        raise DatoInvalido("Escriba la explicación de la excepción.")
    if len(texto) > LARGO_MAXIMO:
        raise DatoInvalido(f"La explicación es demasiado larga (máximo {LARGO_MAXIMO} caracteres).")
    with closing(con.cursor()) as cur, transaccion(cur):
        fila = ejecutar(cur, "conciliacion_tramite", mes=mes, clave=clave, personales=False).fetchone()
        if fila is None:
            raise DatoInvalido(f"«{clave}» no está en la conciliación de {nombre_mes(mes)}.")
        categoria = fila[1]
        if categoria not in EXCEPCIONES:
            raise DatoInvalido("Un trámite conciliado no es una excepción: no hay nada que explicar.")
        previa = cur.execute("SELECT max(id) FROM explicaciones_vigentes WHERE clave = $c AND categoria = $k",
                             {"c": clave, "k": categoria}).fetchone()[0]
        if previa is not None and cur.execute(  # el mismo envío otra vez: no se corrige a sí mismo
                "SELECT texto = $t AND autor = $u AND recien_guardado(creado_en) FROM explicaciones WHERE id = $p",
                {"t": texto, "u": usuario.usuario, "p": previa}).fetchone()[0]:
            return previa
        (nueva,) = cur.execute(
            "INSERT INTO explicaciones (mes, clave, categoria, corrige_a, texto, autor, rol) "
            "VALUES ($m, $c, $k, $p, $t, $u, $r) RETURNING id",
            {"m": mes, "c": clave, "k": categoria, "p": previa, "t": texto, "u": usuario.usuario,
             "r": usuario.rol}).fetchone()
        auditar(cur, usuario, "excepcion_explicada",
                f"{mes:%Y-%m} · {clave} · {categoria} · explicación {nueva}" + (f" corrige {previa}" if previa else ""))
    return nueva


def firmar(con, usuario: Usuario | None, mes, tipo: str, *, hoy: dt.date | None = None) -> int:
    """Firma el mes: «elaborado» (Encargada de Facturación) guarda el resultado de ese momento; «revisado» (jefatura)
    firma la última elaboración. Devuelve el id de la firma."""
    if tipo not in FIRMAS:
        raise DatoInvalido(f"Tipo de firma desconocido «{tipo}».")
    titulo, accion = FIRMAS[tipo]
    exigir(usuario, accion)
    mes = leer_mes(mes)
    if mes >= primer_mes_abierto(hoy):
        raise DatoInvalido(f"{nombre_mes(mes).capitalize()} todavía no terminó: se firma desde el "
                           f"{formato.texto_fecha(mes_siguiente(mes))}.")
    with closing(con.cursor()) as cur, transaccion(cur):
        resultado, tramites = ejecutar(cur, "conciliacion_instantanea", mes=mes).fetchone()
        if not tramites:
            raise DatoInvalido(f"{nombre_mes(mes).capitalize()} no tiene trámites ni facturas: no hay nada que firmar.")
        ultima = cur.execute("SELECT id, nombre, creado_en, resultado FROM firmas_conciliacion "
                             "WHERE mes = $m AND tipo = 'elaborado' ORDER BY id DESC LIMIT 1", {"m": mes}).fetchone()
        elaborado_id = None
        if tipo == "elaborado":
            sin_explicar = sin_explicacion(resultado)
            if sin_explicar and valor_ajuste(cur, "explicar_toda_excepcion"):
                raise DatoInvalido(f"Quedan {len(sin_explicar)} excepción(es) sin explicar en {nombre_mes(mes)}: el "
                                   "administrador pidió que cada una tenga su explicación antes de firmar.")
            if ultima and json.loads(ultima[3]) == json.loads(resultado):
                raise DatoInvalido(f"{nombre_mes(mes).capitalize()} ya está firmado («Elaborado por» {ultima[1]} el "
                                   f"{formato.texto_fecha_hora(ultima[2])}) y nada cambió desde entonces.")
        else:
            if ultima is None:
                raise DatoInvalido("Primero firma la Encargada de Facturación («Elaborado por»); después se revisa.")
            revisada = cur.execute("SELECT nombre, creado_en FROM firmas_conciliacion WHERE elaborado_id = $e",
                                   {"e": ultima[0]}).fetchone()
            if revisada:
                raise DatoInvalido(f"La elaboración del {formato.texto_fecha_hora(ultima[2])} ya fue revisada por "
                                   f"{revisada[0]} el {formato.texto_fecha_hora(revisada[1])}.")
            elaborado_id = ultima[0]
        (nueva,) = cur.execute(
            "INSERT INTO firmas_conciliacion (mes, tipo, elaborado_id, usuario, nombre, rol, resultado) "
            "VALUES ($m, $t, $e, $u, $n, $r, $res) RETURNING id",
            {"m": mes, "t": tipo, "e": elaborado_id, "u": usuario.usuario, "n": usuario.nombre, "r": usuario.rol,
             "res": resultado}).fetchone()
        auditar(cur, usuario, "conciliacion_firmada", f"{mes:%Y-%m} · {titulo} · firma {nueva}")
    return nueva


def sin_explicacion(resultado: str) -> list[dict]:
    """Los trámites de excepción sin explicación vigente, del resultado que guarda una firma (JSON)."""
    return [t for t in json.loads(resultado)["tramites"] if t["categoria"] in EXCEPCIONES and not t["explicada"]]


# --- Administrador: tarifa, estados de factura, conceptos -----------------------------------------------------

def _importe(con, valor) -> Decimal:
    """Un importe escrito como en las exportaciones («1.200», «1200,50», 1200) con la misma regla (importe_de)."""
    if isinstance(valor, (int, Decimal)) or (isinstance(valor, float) and valor.is_integer()):
        valor = str(valor)
    (importe,) = con.execute("SELECT importe_de($v)", {"v": str(valor or "")}).fetchone()
    if importe is None or importe <= 0:
        raise DatoInvalido("La tarifa debe ser un importe positivo en bolivianos, con hasta dos decimales "
                           "(p. ej. «1.000» o «1200,50»).")
    return importe


def cambiar_tarifa(con, quien: Usuario | None, desde: dt.date, importe) -> None:
    """La tarifa de la CxC desde un día (rige para las facturas de ese día en adelante, hasta el próximo cambio)."""
    exigir(quien, "administrar")
    if not isinstance(desde, dt.date):
        raise DatoInvalido("Indique desde qué día rige la tarifa.")
    desde = desde.date() if isinstance(desde, dt.datetime) else desde
    if desde < dt.date(2000, 1, 1):
        raise DatoInvalido("La tarifa no puede regir antes del 01/01/2000.")
    importe = _importe(con, importe)
    with transaccion(con):
        antes = con.execute("SELECT importe FROM tarifas WHERE desde <= $d ORDER BY desde DESC LIMIT 1",
                            {"d": desde}).fetchone()
        exacta = con.execute("SELECT importe FROM tarifas WHERE desde = $d", {"d": desde}).fetchone()
        if exacta and exacta[0] == importe:
            return
        con.execute("INSERT OR REPLACE INTO tarifas (desde, importe) VALUES ($d, $i)", {"d": desde, "i": importe})
        auditar(con, quien, "tarifa_cambiada", f"desde el {desde:%d/%m/%Y}: "
                f"{formato.texto_bs(antes[0]) if antes else '—'} → {formato.texto_bs(importe)}")


def quitar_tarifa(con, quien: Usuario | None, desde: dt.date) -> None:
    """Quita un cambio de tarifa (rige otra vez la anterior). La primera no se quita: siempre hay una tarifa."""
    exigir(quien, "administrar")
    with transaccion(con):
        fila = con.execute("SELECT importe, desde = (SELECT min(desde) FROM tarifas) FROM tarifas WHERE desde = $d",
                           {"d": desde}).fetchone()
        if fila is None:
            raise DatoInvalido(f"No hay un cambio de tarifa el {desde:%d/%m/%Y}.")
        if fila[1]:
            raise DatoInvalido("La primera tarifa no se quita: cámbiela por otra desde la misma fecha.")
        con.execute("DELETE FROM tarifas WHERE desde = $d", {"d": desde})
        auditar(con, quien, "tarifa_quitada", f"desde el {desde:%d/%m/%Y} (era {formato.texto_bs(fila[0])})")


def guardar_estado_factura(con, quien: Usuario | None, valor: str, estado: str) -> str:
    """A qué estado (VIGENTE o ANULADA) corresponde un estado de factura de la exportación. Devuelve la clave
    guardada (clave_estado: el código si lo trae, si no la descripción normalizada), como datos.administracion."""
    exigir(quien, "administrar")
    estado = (estado or "").strip().upper()
    if estado not in ("VIGENTE", "ANULADA"):
        raise DatoInvalido(f"Estado «{estado}» no válido: use VIGENTE o ANULADA.")
    if not valor or not valor.strip():
        raise DatoInvalido("Escriba el estado tal como aparece en la exportación de facturación.")
    with transaccion(con):
        (clave,) = con.execute("SELECT clave_estado($v)", {"v": valor}).fetchone()
        if clave is None:
            raise DatoInvalido(f"«{valor}» no tiene código ni descripción.")
        antes = con.execute("SELECT estado FROM mapeo_estados_factura WHERE valor = $v", {"v": clave}).fetchone()
        if antes and antes[0] == estado:
            return clave
        con.execute("INSERT OR REPLACE INTO mapeo_estados_factura (valor, estado) VALUES ($v, $e)",
                    {"v": clave, "e": estado})
        auditar(con, quien, "estado_factura_" + ("cambiado" if antes else "agregado"),
                f"«{clave}»: {antes[0]} → {estado}" if antes else f"«{clave}» → {estado}")
    return clave


def guardar_concepto(con, quien: Usuario | None, concepto: str) -> str:
    """Agrega un concepto de cobro de movimiento de poste (el código o la descripción de la exportación)."""
    exigir(quien, "administrar")
    concepto = (concepto or "").strip()
    if not concepto:
        raise DatoInvalido("Escriba el concepto (código o descripción) tal como aparece en la exportación.")
    with transaccion(con):
        (clave,) = con.execute("SELECT coalesce(CAST(codigo_de($c) AS VARCHAR), normalizar_valor(descripcion_de($c)))",
                               {"c": concepto}).fetchone()
        if clave is None:
            raise DatoInvalido(f"«{concepto}» no tiene código ni descripción.")
        if con.execute("SELECT 1 FROM conceptos_poste WHERE clave = $c", {"c": clave}).fetchone():
            return clave
        con.execute("INSERT INTO conceptos_poste (clave, descripcion) VALUES ($c, $d)", {"c": clave, "d": concepto})
        auditar(con, quien, "concepto_poste_agregado", f"«{clave}» ({concepto})")
    return clave


def quitar_concepto(con, quien: Usuario | None, clave: str) -> None:
    exigir(quien, "administrar")
    with transaccion(con):
        fila = con.execute("SELECT descripcion FROM conceptos_poste WHERE clave = $c", {"c": clave}).fetchone()
        if fila is None:
            raise DatoInvalido(f"El concepto «{clave}» no está en la lista.")
        con.execute("DELETE FROM conceptos_poste WHERE clave = $c", {"c": clave})
        auditar(con, quien, "concepto_poste_quitado", f"«{clave}» ({fila[0]})")
