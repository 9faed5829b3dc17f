"""Correo contra un servidor SMTP de verdad (aiosmtpd en este proceso, en 127.0.0.1): lo que llega (asunto,
destinatarios, PDF adjunto), un servidor que rechaza o no está → «fallido» anotado y reintentado, nunca dos veces."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import logging
import socket
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from fpdf import FPDF

from operacion import correo
from datos import reloj, usuarios
from tests.ayudas import ADMIN, ATENCION

CLAVE_SMTP = "clave-secreta-del-correo"


class Buzon:
    """Handler de aiosmtpd: guarda lo que llega; con `rechazo`, responde eso al DATA."""

    def __init__(self):
        self.recibidos, self.rechazo = [], None

    async def handle_DATA(self, server, session, envelope):
        if self.rechazo:
            return self.rechazo
        self.recibidos.append(envelope)
        return "250 OK"

    def mensajes(self):
        return [email.message_from_bytes(e.content, policy=email.policy.default) for e in self.recibidos]


def puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    """Un servidor SMTP local sin cifrar; devuelve (buzón, Servidor para correo)."""
    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre())
    servidor.start()
    yield buzon, correo.Servidor("127.0.0.1", servidor.port, "tablero@comteco.test", cifrado="ninguno")
    servidor.stop()


@pytest.fixture
def cuentas(con):
    usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
    usuarios.agregar(con, ADMIN, "ana", "Ana Atención", "atencion", "clave-ana1", email="Ana@Comteco.test")
    usuarios.agregar(con, ADMIN, "rita", "Rita Retención", "retencion", "clave-rita")  # sin correo
    usuarios.agregar(con, ADMIN, "beto", "Beto Baja", "atencion", "clave-beto", email="beto@comteco.test")
    usuarios.desactivar(con, ADMIN, "beto")


@pytest.fixture
def pdf(tmp_path):
    documento = FPDF()
    documento.add_page()
    documento.set_font("helvetica", size=12)
    documento.cell(text="Informe de prueba")
    ruta = tmp_path / "informe_2026-11.pdf"
    documento.output(str(ruta))
    return ruta


def envio(con, tipo, periodo):
    fila = con.execute("SELECT estado, intentos, error, destinatarios, enviado_en FROM envios "
                       "WHERE tipo = $t AND periodo = $p", {"t": tipo, "p": periodo}).fetchone()
    return dict(zip(("estado", "intentos", "error", "destinatarios", "enviado_en"), fila)) if fila else None


def test_el_informe_llega_con_su_pdf_a_los_roles_elegidos_y_no_se_repite(con, cuentas, smtp, pdf):
    buzon, servidor = smtp
    r = correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe de noviembre 2026 — Órdenes de poste",
                              "Adjunto el informe.", [pdf], servidor=servidor)
    assert r == "enviado"
    (m,) = buzon.mensajes()
    assert buzon.recibidos[0].rcpt_tos == ["julia@comteco.test"]  # informe_mensual → jefatura
    assert m["Subject"] == "Informe de noviembre 2026 — Órdenes de poste" and m["From"] == "tablero@comteco.test"
    assert m.get_body(("plain",)).get_content().strip() == "Adjunto el informe."
    (adjunto,) = m.iter_attachments()
    assert adjunto.get_content_type() == "application/pdf" and adjunto.get_filename() == "informe_2026-11.pdf"
    assert adjunto.get_content() == pdf.read_bytes()
    fila = envio(con, "informe_mensual", "2026-11")
    assert fila["estado"] == "enviado" and fila["intentos"] == 1 and fila["error"] is None and fila["enviado_en"]

    assert correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe de noviembre 2026", "otra vez",
                                 [pdf], servidor=servidor) == "ya_enviado"
    assert len(buzon.recibidos) == 1 and envio(con, "informe_mensual", "2026-11")["intentos"] == 1
    # Otro periodo es otro envío.
    assert correo.enviar_una_vez(con, "informe_mensual", "2026-12", "Informe de diciembre", "…",
                                 servidor=servidor) == "enviado"
    assert len(buzon.recibidos) == 2


def test_alertas_a_los_activos_con_correo_de_los_roles_elegidos(con, cuentas, smtp):
    buzon, servidor = smtp
    assert correo.direcciones(con, "alerta") == ["ana@comteco.test", "julia@comteco.test"]  # sin rita ni beto
    correo.elegir_roles(con, ADMIN, "alerta", ["atencion"])
    assert correo.enviar_una_vez(con, "alerta", "2026-12-01 kpi_observado", "KPI OBSERVADO", "…",
                                 servidor=servidor) == "enviado"
    assert buzon.recibidos[0].rcpt_tos == ["ana@comteco.test"]
    cambio = con.execute("SELECT usuario, detalle FROM auditoria WHERE accion = 'destinatarios_cambiados'").fetchall()
    assert cambio == [("admin", "las alertas: Resp. Atención de Clientes, Resp. Retención de Clientes, "
                                "Jefa de División → Resp. Atención de Clientes")]
    correo.elegir_roles(con, ADMIN, "alerta", ["atencion"])  # igual: no se audita otra vez
    assert con.execute("SELECT count(*) FROM auditoria WHERE accion = 'destinatarios_cambiados'").fetchone() == (1,)


def test_elegir_roles_es_del_administrador_y_valida_el_rol(con):
    with pytest.raises(correo.ErrorUsuario, match="no puede administrar"):
        correo.elegir_roles(con, ATENCION, "alerta", ["atencion"])
    with pytest.raises(correo.DatoInvalido, match="Rol desconocido «sistema»"):
        correo.elegir_roles(con, ADMIN, "alerta", ["sistema"])
    correo.elegir_roles(con, ADMIN, "informe_mensual", [])  # nadie: válido
    assert con.execute("SELECT count(*) FROM destinatarios WHERE tipo = 'informe_mensual'").fetchone() == (0,)


def test_un_rechazo_del_servidor_queda_anotado_y_se_reintenta_una_sola_vez(con, cuentas, smtp, pdf):
    buzon, servidor = smtp
    buzon.rechazo = "554 5.7.1 Mensaje rechazado por politica"
    enviar = lambda: correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe", "…", [pdf],  # noqa: E731
                                           servidor=servidor)
    assert enviar() == "fallido"
    fila = envio(con, "informe_mensual", "2026-11")
    assert fila["estado"] == "fallido" and fila["intentos"] == 1 and fila["enviado_en"] is None
    assert fila["error"] == ("El servidor de correo «127.0.0.1:%d» rechazó el mensaje (554 5.7.1 Mensaje rechazado "
                             "por politica)." % servidor.puerto)
    assert buzon.recibidos == []

    buzon.rechazo = None  # el servidor se arregló: la llamada siguiente lo envía
    assert enviar() == "enviado"
    fila = envio(con, "informe_mensual", "2026-11")
    assert fila["estado"] == "enviado" and fila["intentos"] == 2 and fila["error"] is None
    assert enviar() == "ya_enviado"
    assert len(buzon.recibidos) == 1


def test_un_servidor_apagado_es_fallido_con_su_motivo(con, cuentas):
    servidor = correo.Servidor("127.0.0.1", puerto_libre(), "tablero@comteco.test", cifrado="ninguno")
    assert correo.enviar_una_vez(con, "alerta", "2026-12-01", "Alerta", "…", servidor=servidor) == "fallido"
    assert envio(con, "alerta", "2026-12-01")["error"] == (
        f"El servidor de correo «127.0.0.1:{servidor.puerto}» rechazó la conexión (¿está encendido? ¿es el puerto "
        "correcto?).")
    assert correo.enviar_una_vez(con, "alerta", "2026-12-01", "Alerta", "…", servidor=servidor) == "fallido"
    assert envio(con, "alerta", "2026-12-01")["intentos"] == 2


def test_sin_starttls_no_se_cae_a_texto_plano(con, cuentas, smtp):
    buzon, servidor = smtp
    exige_tls = correo.Servidor(servidor.host, servidor.puerto, servidor.remitente, cifrado="starttls")
    assert correo.enviar_una_vez(con, "alerta", "x", "Alerta", "…", servidor=exige_tls) == "fallido"
    assert "no ofrece STARTTLS" in envio(con, "alerta", "x")["error"]
    assert buzon.recibidos == []


def test_sin_destinatarios_queda_a_la_vista_y_sale_cuando_hay_uno(con, smtp):
    buzon, servidor = smtp
    assert correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe", "…",
                                 servidor=servidor) == "sin_destinatarios"
    fila = envio(con, "informe_mensual", "2026-11")
    assert fila["estado"] == "fallido" and fila["error"].startswith("Nadie recibe el informe mensual")
    usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
    assert correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe", "…", servidor=servidor) == "enviado"
    assert len(buzon.recibidos) == 1


def test_sin_servidor_configurado_no_anota_nada(con, cuentas, tmp_path, monkeypatch):
    for variable in ("HOST", "PORT", "USUARIO", "CLAVE", "REMITENTE", "STARTTLS", "SSL", "CA"):
        monkeypatch.delenv(f"SEGUIMIENTO_SMTP_{variable}", raising=False)
    monkeypatch.setattr(correo, "SECRETOS", tmp_path / "no-existe.toml")
    assert correo.enviar_una_vez(con, "alerta", "2026-12-01", "Alerta", "…") == "sin_configurar"
    assert con.execute("SELECT count(*) FROM envios").fetchone() == (0,)


def test_un_envio_en_curso_no_se_repite_y_uno_abandonado_se_reintenta(con, cuentas, smtp):
    buzon, servidor = smtp
    hace = lambda minutos: reloj.ahora() - dt.timedelta(minutes=minutos)  # noqa: E731
    con.execute("INSERT INTO envios (tipo, periodo, asunto, estado, intentos, primer_intento, ultimo_intento) "
                "VALUES ('alerta', 'a', 'Alerta', 'enviando', 1, $h, $h), "
                "('alerta', 'b', 'Alerta', 'enviando', 1, $v, $v)", {"h": hace(1), "v": hace(30)})
    assert correo.enviar_una_vez(con, "alerta", "a", "Alerta", "…", servidor=servidor) == "en_curso"
    assert correo.enviar_una_vez(con, "alerta", "b", "Alerta", "…", servidor=servidor) == "enviado"
    assert len(buzon.recibidos) == 1 and envio(con, "alerta", "b")["intentos"] == 2


# --- Configuración, cifrado y clave ------------------------------------------------------------------

def test_configuracion_de_secrets_toml_y_la_variable_gana(tmp_path):
    secretos = tmp_path / "secrets.toml"
    secretos.write_text('[smtp]\nhost = "smtp.comteco.test"\nusuario = "tablero@comteco.test"\n'
                        'clave = "de-archivo"\n', encoding="utf-8")
    s = correo.configuracion(secretos, entorno={})
    assert (s.host, s.puerto, s.cifrado, s.remitente, s.clave) == (
        "smtp.comteco.test", 587, "starttls", "tablero@comteco.test", "de-archivo")
    s = correo.configuracion(secretos, entorno={"SEGUIMIENTO_SMTP_CLAVE": "de-entorno", "SEGUIMIENTO_SMTP_SSL": "sí"})
    assert (s.clave, s.cifrado, s.puerto) == ("de-entorno", "ssl", 465)
    assert "de-entorno" not in repr(s) and "de-entorno" not in s.descripcion()
    assert correo.configuracion(tmp_path / "no-hay.toml", entorno={}) is None


@pytest.mark.parametrize("entorno, mensaje", [
    ({"SEGUIMIENTO_SMTP_HOST": "smtp.comteco.test", "SEGUIMIENTO_SMTP_REMITENTE": "t@comteco.test",
      "SEGUIMIENTO_SMTP_PORT": "veinticinco"}, "El puerto del correo debe ser un número"),
    ({"SEGUIMIENTO_SMTP_HOST": "smtp.comteco.test"}, "Falta el remitente del correo"),
    ({"SEGUIMIENTO_SMTP_HOST": "smtp.comteco.test", "SEGUIMIENTO_SMTP_USUARIO": "t@comteco.test",
      "SEGUIMIENTO_SMTP_STARTTLS": "no"}, "la clave viajaría sin cifrar"),
    ({"SEGUIMIENTO_SMTP_HOST": "smtp.comteco.test", "SEGUIMIENTO_SMTP_REMITENTE": "t@comteco.test",
      "SEGUIMIENTO_SMTP_STARTTLS": "quizás"}, "«starttls» del correo debe ser sí o no"),
])
def test_configuracion_mal_escrita_se_explica(tmp_path, entorno, mensaje):
    with pytest.raises(correo.ConfiguracionInvalida, match=mensaje):
        correo.configuracion(tmp_path / "no-hay.toml", entorno=entorno)


def test_configuracion_invalida_es_un_envio_fallido_a_la_vista(con, cuentas, tmp_path, monkeypatch):
    monkeypatch.setattr(correo, "SECRETOS", tmp_path / "no-hay.toml")
    monkeypatch.setenv("SEGUIMIENTO_SMTP_HOST", "smtp.comteco.test")
    monkeypatch.delenv("SEGUIMIENTO_SMTP_REMITENTE", raising=False)
    monkeypatch.delenv("SEGUIMIENTO_SMTP_USUARIO", raising=False)
    assert correo.enviar_una_vez(con, "alerta", "x", "Alerta", "…") == "fallido"
    assert envio(con, "alerta", "x")["error"].startswith("Falta el remitente del correo")


@pytest.fixture
def certificado(tmp_path):
    """Un certificado autofirmado para 127.0.0.1 (como el de una autoridad interna) y su clave."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID
    import ipaddress

    clave = ec.generate_private_key(ec.SECP256R1())
    nombre = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "correo interno de prueba")])
    ahora = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(nombre).issuer_name(nombre).public_key(clave.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(ahora - dt.timedelta(days=1))
            .not_valid_after(ahora + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(clave, hashes.SHA256()))
    ruta_cert, ruta_clave = tmp_path / "cert.pem", tmp_path / "clave.pem"
    ruta_cert.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    ruta_clave.write_bytes(clave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return ruta_cert, ruta_clave


@pytest.fixture
def smtp_tls(certificado):
    """Un servidor que exige STARTTLS y usuario/clave (tablero / CLAVE_SMTP)."""
    import ssl

    contexto = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    contexto.load_cert_chain(*certificado)

    def autenticar(server, session, envelope, mecanismo, datos):
        return AuthResult(success=(datos.login, datos.password) == (b"tablero", CLAVE_SMTP.encode()), handled=False)

    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre(), tls_context=contexto,
                          require_starttls=True, authenticator=autenticar, auth_required=True)
    servidor.start()
    yield buzon, servidor.port, str(certificado[0])
    servidor.stop()


def test_starttls_con_usuario_y_clave(con, cuentas, smtp_tls, caplog):
    buzon, puerto, ca = smtp_tls
    entorno = {"SEGUIMIENTO_SMTP_HOST": "127.0.0.1", "SEGUIMIENTO_SMTP_PORT": str(puerto),
               "SEGUIMIENTO_SMTP_USUARIO": "tablero", "SEGUIMIENTO_SMTP_CLAVE": CLAVE_SMTP,
               "SEGUIMIENTO_SMTP_REMITENTE": "tablero@comteco.test", "SEGUIMIENTO_SMTP_CA": ca}
    servidor = correo.configuracion(correo.SECRETOS.with_name("no-hay.toml"), entorno=entorno)
    caplog.set_level(logging.DEBUG)
    assert correo.enviar_una_vez(con, "alerta", "ok", "Alerta", "…", servidor=servidor) == "enviado"
    assert len(buzon.recibidos) == 1

    mala = correo.Servidor(servidor.host, puerto, servidor.remitente, "tablero", "otra-clave", ca=ca)
    assert correo.enviar_una_vez(con, "alerta", "mal", "Alerta", "…", servidor=mala) == "fallido"
    error = envio(con, "alerta", "mal")["error"]
    assert error.startswith(f"El servidor de correo «127.0.0.1:{puerto}» rechazó el usuario «tablero» o su clave (535")
    # La clave no está en la base ni en el log.
    volcado = str(con.execute("SELECT * FROM envios").fetchall()) + caplog.text
    assert CLAVE_SMTP not in volcado and "otra-clave" not in volcado and "correo alerta mal falló" in caplog.text

    # Sin la autoridad propia, el certificado no se acepta: fallido, sin enviar.
    sin_ca = correo.Servidor(servidor.host, puerto, servidor.remitente, "tablero", CLAVE_SMTP)
    assert correo.enviar_una_vez(con, "alerta", "sin_ca", "Alerta", "…", servidor=sin_ca) == "fallido"
    assert envio(con, "alerta", "sin_ca")["error"].startswith("Falló el cifrado con el servidor de correo")
    assert len(buzon.recibidos) == 1


# --- Administración → Correo y respaldos -------------------------------------------------------------

@pytest.fixture
def pagina(ruta_db, tmp_path, monkeypatch):
    """La página de administración como el administrador, sin correo configurado; devuelve (correr, conexión)."""
    from streamlit.testing.v1 import AppTest

    from datos import conexion

    for variable in ("HOST", "PORT", "USUARIO", "CLAVE", "REMITENTE", "STARTTLS", "SSL", "CA"):
        monkeypatch.delenv(f"SEGUIMIENTO_SMTP_{variable}", raising=False)
    monkeypatch.setattr(correo, "SECRETOS", tmp_path / "no-hay.toml")

    def correr():
        at = AppTest.from_file(str(Path(__file__).parents[1] / "paginas" / "administracion.py"), default_timeout=30)
        at.session_state["usuario"] = ADMIN
        return at.run()
    with conexion.abierta(ruta_db) as con:  # como la abre la app: las páginas de la prueba comparten esta unidad
        yield correr, con


def test_pagina_elige_destinatarios_y_muestra_los_envios_fallidos(pagina):
    correr, con = pagina
    usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
    usuarios.agregar(con, ADMIN, "rita", "Rita Retención", "retencion", "clave-rita")
    apagado = correo.Servidor("127.0.0.1", puerto_libre(), "tablero@comteco.test", cifrado="ninguno")
    correo.enviar_una_vez(con, "informe_mensual", "2026-11", "Informe de noviembre", "…", servidor=apagado)

    at = correr()
    assert not at.exception
    assert any("El correo no está configurado" in w.value for w in at.warning)
    assert any("Todavía no hay respaldos" in w.value for w in at.warning)
    alertas = next(m for m in at.multiselect if m.label == "Alertas")
    assert alertas.value == ["atencion", "retencion", "jefatura"]
    envios = next(d.value for d in at.dataframe if "error" in d.value.columns)
    assert envios["estado"].tolist() == ["Falló: se reintenta en la próxima corrida"]
    assert envios["error"].iloc[0].startswith("El servidor de correo «127.0.0.1:") and \
        envios["tipo"].tolist() == ["Informe mensual"]
    reciben = next(d.value for d in at.dataframe if {"tipo", "email"} <= set(d.value.columns))
    assert ("Rita Retención", "sin correo: no recibe") in set(zip(reciben["nombre"], reciben["email"]))

    alertas.set_value(["jefatura"])
    next(m for m in at.multiselect if m.label == "Informe mensual").set_value(["jefatura", "administrador"])
    at.button(key="FormSubmitter:destinatarios-Guardar destinatarios").click()
    at.run()
    assert not at.exception and "Destinatarios guardados." in at.success[0].value
    assert con.execute("SELECT tipo, rol FROM destinatarios ORDER BY ALL").fetchall() == [
        ("alerta", "jefatura"), ("informe_mensual", "administrador"), ("informe_mensual", "jefatura"),
        ("rechazo", "atencion"), ("rechazo", "retencion")]  # issue 23: el aviso de rechazo, quienes importan
    assert correo.direcciones(con, "alerta") == ["julia@comteco.test"]


def test_pagina_dice_que_la_configuracion_tiene_un_error_sin_mostrar_la_clave(pagina, monkeypatch):
    correr, _ = pagina
    monkeypatch.setenv("SEGUIMIENTO_SMTP_HOST", "smtp.comteco.test")
    monkeypatch.setenv("SEGUIMIENTO_SMTP_USUARIO", "tablero@comteco.test")
    monkeypatch.setenv("SEGUIMIENTO_SMTP_CLAVE", CLAVE_SMTP)
    at = correr()
    assert not at.exception
    assert any("smtp.comteco.test:587 (STARTTLS, usuario tablero@comteco.test)" in c.value for c in at.caption)
    assert CLAVE_SMTP not in str([e.value for e in (*at.caption, *at.markdown, *at.warning, *at.error)])
    monkeypatch.setenv("SEGUIMIENTO_SMTP_PORT", "abc")
    at = correr()
    assert "La configuración del correo tiene un error: El puerto del correo debe ser un número" in at.error[0].value


@pytest.fixture
def copia(ruta_db):
    """Un respaldo hecho antes de abrir la página (dentro de una unidad abierta, respaldar esperaría su turno)."""
    from datos import conexion
    from operacion import respaldo

    with conexion.abierta(ruta_db):  # la crea
        pass
    return respaldo.respaldar(ruta_db)


def test_pagina_muestra_el_ultimo_respaldo_y_cambia_cuantos_se_conservan(copia, pagina):
    from datos import administracion

    correr, con = pagina
    at = correr()
    assert any(f"1 respaldos en «{copia.parent}»; el último: {copia.name} (" in c.value for c in at.caption)
    conservar = next(n for n in at.number_input if n.label == "Respaldos a conservar")
    assert conservar.value == 14
    conservar.set_value(30)
    at.button(key="FormSubmitter:respaldos-Guardar").click()
    at.run()
    assert not at.exception and administracion.valor_ajuste(con, "respaldos_a_conservar") == 30


def test_con_la_ruta_la_charla_smtp_no_tiene_la_base(ruta_db, smtp, monkeypatch):
    """Con la ruta, enviar_una_vez abre la base sólo para anotar: mientras el servidor recibe, otro proceso la abre
    sin esperar (con la conexión de quien llama, en cambio, la charla va dentro de su unidad)."""
    import subprocess
    import sys

    from datos import conexion

    buzon, servidor = smtp
    otro_proceso = []

    class BuzonQueAbreLaBase(Buzon):
        async def handle_DATA(self, server, session, envelope):
            r = subprocess.run([sys.executable, "-c", (
                "import sys; from datos import conexion\n"
                "try:\n    with conexion.abierta(sys.argv[1], espera=0.5): print('abrió')\n"
                "except conexion.BaseEnUso: print('en uso')"), str(ruta_db)],
                capture_output=True, text=True, cwd=Path(__file__).parents[1])
            otro_proceso.append(r.stdout.strip() or r.stderr)
            return await super().handle_DATA(server, session, envelope)

    buzon.__class__ = BuzonQueAbreLaBase
    with conexion.abierta(ruta_db) as con:
        usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
    assert correo.enviar_una_vez(ruta_db, "informe_mensual", "2026-11", "Informe", "…", servidor=servidor) == "enviado"
    with conexion.abierta(ruta_db) as con:
        assert correo.enviar_una_vez(con, "informe_mensual", "2026-12", "Informe", "…", servidor=servidor) == "enviado"
        assert envio(con, "informe_mensual", "2026-11")["estado"] == "enviado"
    assert otro_proceso == ["abrió", "en uso"]
