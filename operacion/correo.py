"""Correo: alertas e informe mensual a los roles que elige el administrador, por SMTP (smtplib de la biblioteca
estándar; STARTTLS por defecto, SSL o sin cifrar para un servidor local).

El servidor y su clave se leen de variables de entorno (SEGUIMIENTO_SMTP_HOST, _PORT, _USUARIO, _CLAVE, _REMITENTE,
_STARTTLS, _SSL, _CA) o de la sección [smtp] de .streamlit/secrets.toml (la variable gana): nunca de la base ni al log.
Cada envío queda en la tabla `envios` con su (tipo, periodo): lo enviado no se repite, lo fallido se reintenta en la
llamada siguiente y su error se ve en Administración. La charla con el servidor va fuera de toda transacción.
"""
from __future__ import annotations

import base64
import datetime as dt
import logging
import mimetypes
import os
import smtplib
import socket
import ssl
import tomllib
from contextlib import closing, nullcontext
from dataclasses import dataclass, field
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from pathlib import Path

from datos import conexion, reloj
from datos.administracion import auditar
from datos.conexion import transaccion
from datos.errores import DatoInvalido, ErrorUsuario
from datos.permisos import ROLES, Usuario, exigir

log = logging.getLogger(__name__)

TIPOS = {"alerta": "las alertas", "informe_mensual": "el informe mensual",
         "rechazo": "los avisos de archivos rechazados en la carpeta de entrada"}
ROTULOS = {"alerta": "Alertas", "informe_mensual": "Informe mensual", "rechazo": "Archivos rechazados"}
ESTADOS_ENVIO = {"enviado": "Enviado", "fallido": "Falló: se reintenta en la próxima corrida",
                 "enviando": "Enviando (si quedó así, se reintenta)",
                 "no_enviada": "No enviada: ya no correspondía (la próxima alerta lo menciona)"}
ROLES_DESTINATARIOS = ("atencion", "retencion", "jefatura", "administrador", "facturacion")
SECRETOS = Path(__file__).resolve().parent.parent / ".streamlit" / "secrets.toml"
ESPERA_SMTP = 20.0  # segundos que se espera al servidor en cada paso
# Un «enviando» más viejo que esto es de un proceso que murió a mitad: se vuelve a intentar.
RESERVA = dt.timedelta(minutes=10)
_LOCALES = {"localhost", "127.0.0.1", "::1"}


class ConfiguracionInvalida(ErrorUsuario):
    """La configuración del correo está mal escrita (el mensaje dice qué y dónde)."""


class FalloEnvio(ErrorUsuario):
    """El servidor no aceptó el mensaje (el mensaje, en español, dice por qué; nunca la clave)."""


@dataclass(frozen=True)
class Servidor:
    host: str
    puerto: int
    remitente: str
    usuario: str | None = None
    clave: str | None = field(default=None, repr=False)  # fuera del repr: no llega a un log por descuido
    cifrado: str = "starttls"  # 'starttls', 'ssl' o 'ninguno'
    ca: str | None = None  # certificados de una autoridad propia (un servidor interno); si no, los del sistema

    def descripcion(self) -> str:
        cifrado = {"starttls": "STARTTLS", "ssl": "SSL", "ninguno": "sin cifrar"}[self.cifrado]
        cuenta = f", usuario {self.usuario}" if self.usuario else ", sin usuario"
        return f"{self.host}:{self.puerto} ({cifrado}{cuenta}); remitente {self.remitente}"


# --- Configuración ---------------------------------------------------------------------------------

def configuracion(secretos: Path | None = None, entorno=None) -> Servidor | None:
    """El servidor configurado, o None si no hay ninguno (sin host). ConfiguracionInvalida si algo está mal."""
    secretos = secretos or SECRETOS
    entorno = os.environ if entorno is None else entorno
    valores = dict(_seccion_smtp(secretos))
    for clave in ("host", "port", "usuario", "clave", "remitente", "starttls", "ssl", "ca"):
        variable = f"SEGUIMIENTO_SMTP_{clave.upper()}"
        if entorno.get(variable, "").strip():
            valores[clave] = entorno[variable].strip()
    host = str(valores.get("host") or "").strip()
    if not host:
        return None
    usa_ssl = _si_no(valores.get("ssl", False), "ssl")
    starttls = _si_no(valores.get("starttls", True), "starttls") and not usa_ssl
    cifrado = "ssl" if usa_ssl else "starttls" if starttls else "ninguno"
    try:
        puerto = int(str(valores.get("port") or {"ssl": 465, "starttls": 587, "ninguno": 25}[cifrado]))
    except ValueError:
        raise ConfiguracionInvalida(
            f"El puerto del correo debe ser un número (se leyó «{valores['port']}»).") from None
    usuario = str(valores.get("usuario") or "").strip() or None
    remitente = str(valores.get("remitente") or "").strip() or (usuario if usuario and "@" in usuario else "")
    if "@" not in remitente:
        raise ConfiguracionInvalida("Falta el remitente del correo (SEGUIMIENTO_SMTP_REMITENTE o «remitente» en "
                                    "[smtp] de .streamlit/secrets.toml), p. ej. tablero@comteco.com.bo.")
    if cifrado == "ninguno" and usuario and host.lower() not in _LOCALES:
        raise ConfiguracionInvalida(
            f"El correo está configurado sin cifrar y con usuario: la clave viajaría sin cifrar hasta «{host}». "
            "Use STARTTLS (starttls = true) o SSL (ssl = true), o quite el usuario si es un servidor local.")
    ca = str(valores.get("ca") or "").strip() or None
    if ca and not Path(ca).is_file():
        raise ConfiguracionInvalida(
            f"No existe el archivo de certificados «{ca}» (SEGUIMIENTO_SMTP_CA o «ca» en [smtp]).")
    return Servidor(host, puerto, remitente, usuario, str(valores.get("clave") or "") or None, cifrado, ca)


def _seccion_smtp(secretos: Path) -> dict:
    try:
        with open(secretos, "rb") as archivo:
            seccion = tomllib.load(archivo).get("smtp", {})
    except FileNotFoundError:
        return {}
    except (tomllib.TOMLDecodeError, OSError) as e:
        raise ConfiguracionInvalida(f"No se pudo leer «{secretos}»: {e}.") from None
    if not isinstance(seccion, dict):
        raise ConfiguracionInvalida(f"En «{secretos}», [smtp] debe ser una sección con host, port, remitente…")
    return seccion


def _si_no(valor, nombre: str) -> bool:
    if isinstance(valor, bool):
        return valor
    texto = str(valor).strip().lower()
    if texto in {"1", "true", "si", "sí", "yes", "on"}:
        return True
    if texto in {"0", "false", "no", "off", ""}:
        return False
    raise ConfiguracionInvalida(f"«{nombre}» del correo debe ser sí o no (se leyó «{valor}»).")


# --- Destinatarios -----------------------------------------------------------------------------------

def direcciones(con, tipo: str) -> list[str]:
    """Los correos de los usuarios activos de los roles elegidos para `tipo`."""
    return [e for (e,) in con.execute(
        "SELECT DISTINCT lower(trim(u.email)) FROM usuarios u JOIN destinatarios d ON d.rol = u.rol "
        "WHERE d.tipo = $t AND u.activo AND coalesce(trim(u.email), '') <> '' ORDER BY 1", {"t": tipo}).fetchall()]


def elegir_roles(con, quien: Usuario, tipo: str, roles) -> None:
    """Qué roles reciben `tipo` (reemplaza la lista; una vacía es válida: nadie lo recibe). Auditado."""
    exigir(quien, "administrar")
    _validar_tipo(tipo)
    for rol in roles:
        if rol not in ROLES_DESTINATARIOS:
            raise DatoInvalido(f"Rol desconocido «{rol}».")
    roles = sorted(set(roles), key=ROLES_DESTINATARIOS.index)
    with closing(con.cursor()) as cur, transaccion(cur):
        antes = [r for (r,) in cur.execute("SELECT rol FROM destinatarios WHERE tipo = $t", {"t": tipo}).fetchall()]
        antes.sort(key=ROLES_DESTINATARIOS.index)
        if antes == roles:
            return
        cur.execute("DELETE FROM destinatarios WHERE tipo = $t", {"t": tipo})
        for rol in roles:
            cur.execute("INSERT INTO destinatarios VALUES ($t, $r)", {"t": tipo, "r": rol})
        nombres = lambda lista: ", ".join(ROLES[r] for r in lista) or "nadie"  # noqa: E731
        auditar(cur, quien, "destinatarios_cambiados", f"{TIPOS[tipo]}: {nombres(antes)} → {nombres(roles)}")


def _validar_tipo(tipo: str) -> None:
    if tipo not in TIPOS:
        raise ValueError(f"tipo de correo desconocido {tipo!r}: use {', '.join(TIPOS)}")


# --- Envío ------------------------------------------------------------------------------------------

def mensaje(remitente: str, para: list[str], asunto: str, cuerpo: str, adjuntos=()) -> EmailMessage:
    m = EmailMessage()
    m["Subject"], m["From"], m["To"] = asunto, remitente, ", ".join(para)
    m["Date"] = formatdate(localtime=True)
    m["Message-ID"] = make_msgid(domain=parseaddr(remitente)[1].rsplit("@", 1)[-1])
    m.set_content(cuerpo)
    for ruta in map(Path, adjuntos):
        try:
            contenido = ruta.read_bytes()
        except OSError as e:
            raise FalloEnvio(f"No se pudo leer el adjunto «{ruta}» ({e.strerror or e}).") from None
        principal, _, sub = (mimetypes.guess_type(ruta.name)[0] or "application/octet-stream").partition("/")
        # Los .txt que escribe el tablero (los problemas de un archivo rechazado) son UTF-8: que el cliente lo sepa.
        m.add_attachment(contenido, maintype=principal, subtype=sub, filename=ruta.name,
                         params={"charset": "utf-8"} if principal == "text" else None)
    return m


def enviar(servidor: Servidor, para: list[str], asunto: str, cuerpo: str, adjuntos=()) -> dict:
    """Entrega el mensaje. Devuelve los destinatarios que el servidor rechazó (si aceptó a alguno);
    FalloEnvio si no salió."""
    m = mensaje(servidor.remitente, para, asunto, cuerpo, adjuntos)
    contexto = ssl.create_default_context(cafile=servidor.ca)
    try:
        if servidor.cifrado == "ssl":
            smtp = smtplib.SMTP_SSL(servidor.host, servidor.puerto, timeout=ESPERA_SMTP, context=contexto)
        else:
            smtp = smtplib.SMTP(servidor.host, servidor.puerto, timeout=ESPERA_SMTP)
        with smtp:
            if servidor.cifrado == "starttls":
                smtp.starttls(context=contexto)  # sin STARTTLS no se sigue: nunca se cae a texto plano
            if servidor.usuario:
                _ingresar(smtp, servidor.usuario, servidor.clave or "")
            return smtp.send_message(m)
    except (smtplib.SMTPException, OSError, UnicodeError) as e:
        raise FalloEnvio(_sin_secretos(_explicar(e, servidor), servidor)) from None


def _ingresar(smtp: smtplib.SMTP, usuario: str, clave: str) -> None:
    """AUTH PLAIN (o LOGIN) con el usuario y la clave en UTF-8 (RFC 4616): smtplib.login los codifica en ASCII, así
    una clave con ñ o en otro alfabeto no entraba, y su error mostraba la letra."""
    smtp.ehlo_or_helo_if_needed()
    if not smtp.has_extn("auth"):
        raise smtplib.SMTPNotSupportedError("El servidor no ofrece AUTH.")
    metodos = smtp.esmtp_features["auth"].upper().split()
    b64 = lambda texto: base64.b64encode(texto.encode("utf-8")).decode("ascii")  # noqa: E731
    if "PLAIN" in metodos:
        codigo, respuesta = smtp.docmd("AUTH", "PLAIN " + b64(f"\0{usuario}\0{clave}"))
    elif "LOGIN" in metodos:
        codigo, respuesta = smtp.docmd("AUTH", "LOGIN " + b64(usuario))
        if codigo == 334:
            codigo, respuesta = smtp.docmd(b64(clave))
    else:  # CRAM-MD5 u otro: el de smtplib (ASCII)
        smtp.login(usuario, clave)
        return
    if codigo not in (235, 503):  # 503: ya autenticado
        raise smtplib.SMTPAuthenticationError(codigo, respuesta)


def _sin_secretos(texto: str, servidor: Servidor) -> str:
    """Nada de la clave (ni su forma en base64) llega al mensaje, que va a la base y al log."""
    clave = servidor.clave or ""
    if not clave:
        return texto
    b64 = base64.b64encode(f"\0{servidor.usuario or ''}\0{clave}".encode("utf-8")).decode("ascii")
    secretos = [b64, base64.b64encode(clave.encode("utf-8")).decode("ascii")]
    if len(clave) >= 4:  # una más corta taparía letras sueltas de cualquier palabra
        secretos.append(clave)
    for secreto in secretos:
        texto = texto.replace(secreto, "•••")
    return texto


def _explicar(e: Exception, s: Servidor) -> str:
    """El error de smtplib en español, para el administrador (con el código del servidor, nunca la clave)."""
    donde = f"«{s.host}:{s.puerto}»"
    if isinstance(e, smtplib.SMTPNotSupportedError):
        return f"El servidor de correo {donde} no ofrece STARTTLS. Revise el puerto o configure ssl = true."
    if isinstance(e, smtplib.SMTPAuthenticationError):
        return f"El servidor de correo {donde} rechazó el usuario «{s.usuario}» o su clave ({_respuesta(e)})."
    if isinstance(e, smtplib.SMTPRecipientsRefused):
        rechazados = "; ".join(f"{d} ({c} {_texto(t)})" for d, (c, t) in e.recipients.items())
        return f"El servidor de correo {donde} rechazó a todos los destinatarios: {rechazados}."
    if isinstance(e, smtplib.SMTPSenderRefused):
        return f"El servidor de correo {donde} rechazó al remitente «{s.remitente}» ({_respuesta(e)})."
    if isinstance(e, smtplib.SMTPResponseException):
        return f"El servidor de correo {donde} rechazó el mensaje ({_respuesta(e)})."
    if isinstance(e, smtplib.SMTPServerDisconnected):
        return f"El servidor de correo {donde} cortó la conexión antes de terminar."
    if isinstance(e, ssl.SSLError):
        return f"Falló el cifrado con el servidor de correo {donde} ({e.reason or e})."
    if isinstance(e, (socket.timeout, TimeoutError)):
        return f"El servidor de correo {donde} no respondió en {ESPERA_SMTP:.0f} s."
    if isinstance(e, ConnectionRefusedError):
        return f"El servidor de correo {donde} rechazó la conexión (¿está encendido? ¿es el puerto correcto?)."
    if isinstance(e, socket.gaierror):
        return f"No se encontró el servidor de correo «{s.host}» (revise el nombre)."
    if isinstance(e, UnicodeError):  # el texto de un UnicodeError cita la letra: no se muestra
        return f"El usuario o el remitente del correo tiene letras que el servidor {donde} no acepta."
    return f"No se pudo hablar con el servidor de correo {donde}: {e.strerror if isinstance(e, OSError) else e}."


def _respuesta(e: smtplib.SMTPResponseException) -> str:
    return f"{e.smtp_code} {_texto(e.smtp_error)}"


def _texto(t) -> str:
    return (t.decode(errors="replace") if isinstance(t, bytes) else str(t)).strip()


def enviar_una_vez(base, tipo: str, periodo: str, asunto: str, cuerpo: str, adjuntos=(), *,
                   servidor: Servidor | None = None) -> str:
    """Envía `tipo` del `periodo` a sus destinatarios si todavía no salió. Devuelve 'enviado', 'ya_enviado',
    'fallido' (queda anotado y se reintenta en la llamada siguiente), 'sin_destinatarios' (anotado como fallido:
    nadie de los roles elegidos tiene correo), 'en_curso' (otro proceso lo está enviando) o 'sin_configurar'
    (no hay servidor: no se anota nada).

    `base`: la ruta de la base (o None, la de siempre): la abre (conexion.abierta) sólo para anotar, antes y después
    de hablar con el servidor, así el tablero no espera al SMTP. O una conexión ya abierta: entonces la charla va
    dentro de la unidad de quien llama. Nunca dentro de una transacción."""
    _validar_tipo(tipo)
    resultado = problema = None
    try:
        servidor = servidor or configuracion()
    except ConfiguracionInvalida as e:
        resultado, problema = "fallido", str(e)
    if servidor is None and problema is None:
        return "sin_configurar"
    ahora = reloj.ahora()
    with _unidad(base) as con, closing(con.cursor()) as cur, transaccion(cur):
        fila = cur.execute("SELECT estado, ultimo_intento FROM envios WHERE tipo = $t AND periodo = $p",
                           {"t": tipo, "p": periodo}).fetchone()
        if fila and fila[0] == "enviado":
            return "ya_enviado"
        if fila and fila[0] == "enviando" and fila[1] > ahora - RESERVA:
            return "en_curso"
        para = direcciones(cur, tipo)
        if not para and problema is None:
            resultado = "sin_destinatarios"
            problema = (f"Nadie recibe {TIPOS[tipo]}: ningún usuario activo de los roles elegidos en "
                        "Administración tiene correo.")
        # Se anota (y reserva) antes de hablar con el servidor: si el proceso muere a mitad, queda a la vista.
        cur.execute(
            "INSERT INTO envios (tipo, periodo, asunto, destinatarios, estado, intentos, error, primer_intento, "
            "ultimo_intento) VALUES ($t, $p, $a, $d, $e, 1, $error, $ahora, $ahora) "
            "ON CONFLICT (tipo, periodo) DO UPDATE SET asunto = excluded.asunto, "
            "destinatarios = excluded.destinatarios, estado = excluded.estado, intentos = envios.intentos + 1, "
            "error = excluded.error, ultimo_intento = excluded.ultimo_intento",
            {"t": tipo, "p": periodo, "a": asunto, "d": ", ".join(para) or None,
             "e": "fallido" if problema else "enviando", "error": problema, "ahora": ahora})
    if problema:
        log.warning("correo %s %s no enviado: %s", tipo, periodo, problema)
        return resultado
    try:
        rechazados = enviar(servidor, para, asunto, cuerpo, adjuntos)
        error = ("No lo aceptó para: " + "; ".join(f"{d} ({c} {_texto(t)})" for d, (c, t) in rechazados.items())
                 if rechazados else None)
        estado = "enviado"
    except FalloEnvio as e:
        error, estado = str(e), "fallido"
    with _unidad(base) as con, closing(con.cursor()) as cur, transaccion(cur):
        cur.execute("UPDATE envios SET estado = $e, error = $error, enviado_en = $en "
                    "WHERE tipo = $t AND periodo = $p",
                    {"e": estado, "error": error, "en": reloj.ahora() if estado == "enviado" else None,
                     "t": tipo, "p": periodo})
    if estado == "enviado":
        log.info("correo %s %s enviado a %d destinatarios", tipo, periodo, len(para) - len(rechazados))
    else:
        log.warning("correo %s %s falló: %s", tipo, periodo, error)
    return estado


def _unidad(base):
    """La conexión de quien llama tal cual, o la base de esa ruta abierta para una unidad corta."""
    if base is None or isinstance(base, (str, os.PathLike)):
        return conexion.abierta(base)
    return nullcontext(base)
