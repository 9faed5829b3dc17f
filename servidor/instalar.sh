#!/bin/sh
# Instala o actualiza el tablero en un servidor Debian 12/13 (ver README, «Instalar en un servidor»):
#
#   sudo NOMBRE=tablero.comteco.local ./servidor/instalar.sh
#
# Crea el usuario del sistema, el código y su .venv en /opt/seguimiento, la base en /srv/seguimiento (0700, sólo ese
# usuario), la configuración en /etc/seguimiento, la orden `seguimiento` (python -m datos como ese usuario), las
# unidades de systemd y el Caddyfile. Otra vez, desde un clon más nuevo: respalda la base, cambia el código, aplica
# las migraciones y reinicia; la base, los respaldos y lo que IT editó en /etc/seguimiento no se tocan.
#
# Variables: NOMBRE (por defecto `hostname -f`), PUERTO de Streamlit (8501), TLS («internal», «auto» para un nombre
# público con Let's Encrypt, o «CERT.pem CLAVE.pem» del certificado propio), USUARIO (seguimiento), PY (python3),
# VERSION (por defecto `git describe`). RAIZ instala todo debajo de otra carpeta (las pruebas).
# Opciones: --sin-systemctl (systemd no es el PID 1: escribe las unidades sin activarlas), --sin-caddy.
set -eu
umask 022

SIN_SYSTEMCTL=""
SIN_CADDY=""
for opcion in "$@"; do
    case "$opcion" in
        --sin-systemctl) SIN_SYSTEMCTL=1 ;;
        --sin-caddy) SIN_CADDY=1 ;;
        *) echo "Opción desconocida: $opcion (valen --sin-systemctl y --sin-caddy)." >&2; exit 2 ;;
    esac
done

ORIGEN=$(cd "$(dirname "$0")/.." && pwd)
RAIZ=${RAIZ:-}
APP=$RAIZ/opt/seguimiento
DATOS=$RAIZ/srv/seguimiento
CONF=$RAIZ/etc/seguimiento
UNIDADES=$RAIZ/etc/systemd/system
ORDEN=$RAIZ/usr/local/bin/seguimiento
CADDYFILE=$RAIZ/etc/caddy/Caddyfile
USUARIO=${USUARIO:-seguimiento}
NOMBRE=${NOMBRE:-$(hostname -f)}
PUERTO=${PUERTO:-8501}
TLS=${TLS:-internal}
PY=${PY:-python3}
VERSION=${VERSION:-$(git -C "$ORIGEN" describe --tags --always --dirty 2>/dev/null || echo "sin versión")}

falla() { echo "instalar.sh: $*" >&2; exit 1; }
es_root() { [ "$(id -u)" = 0 ]; }
# Dueño y modo sólo como root (bajo RAIZ, sin root, todo queda de quien corre la prueba).
dueno() { if es_root; then chown "$@"; fi; }

if [ -z "$RAIZ" ] && ! es_root; then
    falla "corra como root: sudo $0 $*"
fi
if [ -z "$SIN_SYSTEMCTL" ] && [ "$(ps -p 1 -o comm= 2>/dev/null)" != systemd ]; then
    falla "systemd no es el PID 1 de esta máquina: repita con --sin-systemctl (las unidades quedan escritas, sin activar)."
fi
case "$NOMBRE" in
    *[!A-Za-z0-9.-]* | "") falla "NOMBRE «$NOMBRE» no es un nombre de servidor (letras, números, punto y guion)." ;;
esac
case "$PUERTO" in
    *[!0-9]* | "") falla "PUERTO «$PUERTO» no es un número." ;;
esac
case "$TLS" in
    internal) LINEA_TLS="tls internal" ;;
    auto) LINEA_TLS="" ;;
    *" "*) LINEA_TLS="tls $TLS" ;;
    *) falla "TLS «$TLS»: use internal, auto o «CERT.pem CLAVE.pem»." ;;
esac

# Lo que hace falta de Debian, sólo en la máquina de verdad.
if [ -z "$RAIZ" ]; then
    faltan=""
    command -v make >/dev/null || faltan="$faltan make"
    "$PY" -c "import ensurepip" 2>/dev/null || faltan="$faltan python3-venv"
    [ -n "$SIN_CADDY" ] || command -v caddy >/dev/null || faltan="$faltan caddy"
    if [ -n "$faltan" ]; then
        apt-get install -y -q $faltan || (apt-get update -q && apt-get install -y -q $faltan)
    fi
fi

if ! id -u "$USUARIO" >/dev/null 2>&1; then
    useradd --system --user-group --home-dir "$DATOS" --no-create-home --shell /usr/sbin/nologin "$USUARIO"
fi
GRUPO=$(id -gn "$USUARIO")

# Reemplaza @…@ de un archivo de servidor/ y lo escribe con su modo.
escribir() {  # escribir PLANTILLA DESTINO MODO
    sed -e "s|@NOMBRE@|$NOMBRE|g" -e "s|@PUERTO@|$PUERTO|g" -e "s|@TLS@|$LINEA_TLS|g" -e "s|@USUARIO@|$USUARIO|g" \
        -e "s|@APP@|$APP|g" -e "s|@DATOS@|$DATOS|g" -e "s|@CONF@|$CONF|g" "$ORIGEN/servidor/$1" > "$2.nuevo"
    chmod "$3" "$2.nuevo"
    mv "$2.nuevo" "$2"
}

# --- carpetas: la base sólo para su usuario
install -d -m 0755 "$APP" "$UNIDADES" "$(dirname "$ORDEN")"
install -d -m 0750 "$CONF"
dueno "root:$GRUPO" "$CONF"
for carpeta in "$DATOS" "$DATOS/respaldos" "$DATOS/entrada" "$DATOS/informes"; do
    install -d -m 0700 "$carpeta"
    dueno "$USUARIO:$GRUPO" "$carpeta"
done
if [ ! -e "$CONF/entorno" ]; then  # de IT desde aquí: no se reescribe
    cat > "$CONF/entorno" <<EOF
# Variables del tablero y de las tareas (ver README: correo SEGUIMIENTO_SMTP_*, SEGUIMIENTO_ESPERA…).
SEGUIMIENTO_DB=$DATOS/seguimiento.duckdb
SEGUIMIENTO_ENTRADA=$DATOS/entrada
SEGUIMIENTO_INFORMES=$DATOS/informes
EOF
    chmod 0640 "$CONF/entorno"
    dueno "root:$GRUPO" "$CONF/entorno"
fi
if [ ! -e "$CONF/secrets.toml" ]; then
    echo "# [smtp] del correo y [auth] de OpenID Connect (ver README); sólo root y el usuario del tablero lo leen." \
        > "$CONF/secrets.toml"
    chmod 0640 "$CONF/secrets.toml"
    dueno "root:$GRUPO" "$CONF/secrets.toml"
fi

# --- la orden `seguimiento`: python -m datos como el usuario del tablero, con la base de la instalación
cat > "$ORDEN.nuevo" <<EOF
#!/bin/sh
# python -m datos … del tablero instalado, como el usuario $USUARIO (escrito por servidor/instalar.sh).
set -e
if [ "\$(id -un)" != "$USUARIO" ]; then
    exec runuser -u "$USUARIO" -- "\$0" "\$@"
fi
set -a; . "$CONF/entorno"; set +a
cd "$APP/app"
umask 077
exec "$APP/.venv/bin/python" -m datos "\$@"
EOF
chmod 0755 "$ORDEN.nuevo"
mv "$ORDEN.nuevo" "$ORDEN"

# --- antes de cambiar nada: parar el tablero y respaldar la base con la versión instalada
if [ -z "$SIN_SYSTEMCTL" ]; then
    systemctl stop seguimiento-tablero.service seguimiento-tareas.timer 2>/dev/null || true
fi
if [ -f "$DATOS/seguimiento.duckdb" ] && [ -x "$APP/.venv/bin/python" ]; then
    echo "Respaldo de la base antes de actualizar:"
    "$ORDEN" respaldo
fi

# --- el código: se arma aparte y se cambia de una vez
nuevo="$APP/app.nuevo"
rm -rf "$nuevo" "$APP/app.viejo"
mkdir "$nuevo"
if git -C "$ORIGEN" rev-parse --show-toplevel >/dev/null 2>&1; then
    (cd "$ORIGEN" && git ls-files -co --exclude-standard -z -- . ':!tests' ':!bench' ':!docs' \
        | xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\n" "$f"; done' _) > "$nuevo.lista"
else
    (cd "$ORIGEN" && find . -name .git -prune -o -name .venv -prune -o -name tests -prune -o -name bench -prune \
        -o -name docs -prune -o -name __pycache__ -prune -o -type f ! -name '*.duckdb*' -print) > "$nuevo.lista"
fi
tar -C "$ORIGEN" -cf - -T "$nuevo.lista" | tar -C "$nuevo" -xf - --no-same-owner
rm "$nuevo.lista"
chmod -R u=rwX,go=rX "$nuevo"
printf '%s\n' "$VERSION" > "$nuevo/VERSION"
mkdir -p "$nuevo/.streamlit"
escribir config.toml "$nuevo/.streamlit/config.toml" 0644
# El correo y st.secrets leen .streamlit/secrets.toml junto a app.py: el de /etc, que sobrevive a cada versión.
rm -f "$nuevo/.streamlit/secrets.toml"
ln -s "$CONF/secrets.toml" "$nuevo/.streamlit/secrets.toml"
if [ -d "$APP/app" ]; then mv "$APP/app" "$APP/app.viejo"; fi
mv "$nuevo" "$APP/app"
rm -rf "$APP/app.viejo"

# --- la .venv: rehecha sólo si cambió requirements.txt (como make run / make test: uv, o pip si no hay uv)
if ! cmp -s "$APP/app/requirements.txt" "$APP/.venv/requirements.txt"; then
    rm -rf "$APP/.venv"
    make -s -C "$APP/app" VENV="$APP/.venv" PY="$PY" "$APP/.venv/.instalado"
    cp "$APP/app/requirements.txt" "$APP/.venv/requirements.txt"
fi

# --- las migraciones: cualquier orden que abra la base las aplica
if [ -f "$DATOS/seguimiento.duckdb" ]; then
    "$ORDEN" usuarios listar > /dev/null
fi
# Una base puesta a mano (copiada, restaurada como root) vuelve a ser sólo del usuario del tablero.
for archivo in "$DATOS"/seguimiento.duckdb*; do
    if [ -f "$archivo" ]; then
        chmod 0600 "$archivo"
        dueno "$USUARIO:$GRUPO" "$archivo"
    fi
done

# --- systemd y Caddy
for unidad in seguimiento-tablero.service seguimiento-tareas.service seguimiento-tareas.timer; do
    escribir "$unidad" "$UNIDADES/$unidad" 0644
done
if [ -z "$SIN_CADDY" ]; then
    install -d -m 0755 "$(dirname "$CADDYFILE")"
    if [ -f "$CADDYFILE" ] && ! grep -q "^# seguimiento-ots" "$CADDYFILE" && [ ! -e "$CADDYFILE.antes-del-seguimiento" ]; then
        cp -p "$CADDYFILE" "$CADDYFILE.antes-del-seguimiento"
    fi
    escribir Caddyfile "$CADDYFILE" 0644
fi
if [ -z "$SIN_SYSTEMCTL" ]; then
    systemctl daemon-reload
    systemctl enable --now seguimiento-tablero.service seguimiento-tareas.timer
    systemctl restart seguimiento-tablero.service
    if [ -z "$SIN_CADDY" ]; then systemctl enable caddy && systemctl reload-or-restart caddy; fi
fi

echo "Seguimiento de OTs $VERSION instalado: https://$NOMBRE (código $APP, base $DATOS, configuración $CONF)."
if [ ! -f "$DATOS/seguimiento.duckdb" ]; then
    echo "Cree el primer administrador: sudo seguimiento usuarios agregar admin --rol administrador"
fi
