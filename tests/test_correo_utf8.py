"""Credenciales del correo en cualquier alfabeto (issue 27, punto 7): AUTH PLAIN con el usuario y la clave en UTF-8
contra un aiosmtpd de verdad, y una clave rechazada que no deja nada de sí en el error guardado ni en el log."""
from __future__ import annotations

import base64
import logging

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from datos import usuarios
from operacion import correo
from tests.ayudas import ADMIN
from tests.test_correo import Buzon, puerto_libre

pytestmark = pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # sólo 127.0.0.1

USUARIO = "tablero.señal"
CLAVE = "Ñandú-пароль-密码-ψ"


@pytest.fixture
def smtp_auth():
    """Un servidor local que exige usuario y clave (USUARIO / CLAVE, comparados en UTF-8) por PLAIN o LOGIN."""
    vistos = []

    def autenticar(server, session, envelope, mecanismo, datos):
        vistos.append(mecanismo)
        return AuthResult(success=(datos.login, datos.password) == (USUARIO.encode(), CLAVE.encode()), handled=False)

    buzon = Buzon()
    servidor = Controller(buzon, hostname="127.0.0.1", port=puerto_libre(), authenticator=autenticar,
                          auth_required=True, auth_require_tls=False)
    servidor.start()
    yield buzon, servidor.port, vistos
    servidor.stop()


@pytest.fixture
def destinatario(con):
    usuarios.agregar(con, ADMIN, "julia", "Julia Jefa", "jefatura", "clave-julia", email="julia@comteco.test")
    correo.elegir_roles(con, ADMIN, "alerta", ["jefatura"])


def test_una_clave_en_otro_alfabeto_entra(con, destinatario, smtp_auth):
    buzon, puerto, vistos = smtp_auth
    servidor = correo.Servidor("127.0.0.1", puerto, "tablero@comteco.test", USUARIO, CLAVE, cifrado="ninguno")
    assert correo.enviar_una_vez(con, "alerta", "utf8", "Alerta", "…", servidor=servidor) == "enviado"
    assert len(buzon.recibidos) == 1 and vistos == ["PLAIN"]


def test_una_clave_rechazada_no_deja_rastro(con, destinatario, smtp_auth, caplog):
    buzon, puerto, _ = smtp_auth
    caplog.set_level(logging.DEBUG)
    otra = "Ключ-ñ-" + CLAVE[::-1]
    servidor = correo.Servidor("127.0.0.1", puerto, "tablero@comteco.test", USUARIO, otra, cifrado="ninguno")
    assert correo.enviar_una_vez(con, "alerta", "mal", "Alerta", "…", servidor=servidor) == "fallido"
    (error,) = con.execute("SELECT error FROM envios WHERE periodo = 'mal'").fetchone()
    assert error.startswith(f"El servidor de correo «127.0.0.1:{puerto}» rechazó el usuario «{USUARIO}» o su clave (535")
    nuestro = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("mail"))  # no el servidor
    volcado = str(con.execute("SELECT * FROM envios").fetchall()) + nuestro
    assert "correo alerta mal falló" in nuestro
    assert otra not in volcado and base64.b64encode(otra.encode()).decode() not in volcado
    # Ninguna letra fuera del ASCII de la clave (las que el error de smtplib citaba), salvo las del usuario.
    propias = {letra for letra in otra if not letra.isascii()} - set(USUARIO)
    assert len(propias) > 10 and not propias & set(volcado)
    assert not buzon.recibidos
