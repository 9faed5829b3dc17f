"""Administración: cuentas y roles, equivalencias de estados, actividades de movimiento de poste, umbral del
indicador, causales de fallo, correo y respaldos, operación y calendario de trabajo. Cada cambio lo hace una función de
datos/ que exige el rol y lo audita. (Pasa de 350 líneas: son siete pestañas de una misma página, cada una una
descripción corta de la pantalla sin lógica propia; partirlas sólo repartiría la página.)"""
from pathlib import Path

import pandas as pd
import streamlit as st

from consultas import consultar
from datos import formato
from datos import administracion, calendario, dominio, reloj, usuarios
from operacion import correo, instalacion, respaldo, tareas
from datos.permisos import ROLES
from paginas import registro
from paginas.comun import avisos, ingreso, unidad

registro.exigir("administracion")
avisos.aviso_demo()
st.title("Administración")
quien = ingreso.usuario()
con = unidad.cursor()

ROLES_CUENTA = list(usuarios.ROLES_DE_CUENTA)
ESTADOS = list(dominio.ESTADOS)
CLASE_CAUSAL = {1: "Éxito", 2: "Fallo"}  # GE_CAUSAL.CLASS_CAUSAL_ID

avisos.mostrar_aviso()


def hacer(exito: str, funcion, *args, limpiar: str | None = None) -> None:
    """Un cambio de configuración como quien ingresó; el rechazo se muestra tal cual y el formulario queda como
    estaba; si se guarda, se vacían los campos cuya clave empieza con `limpiar` (avisos.hacer)."""
    avisos.hacer(lambda: funcion(con, quien, *args), exito, limpiar=limpiar, prefijo="")


def claves_iguales(clave: str, repetida: str) -> bool:
    if clave != repetida:
        st.error("Las contraseñas no coinciden.")
        return False
    return True


cuentas_tab, estados_tab, actividades_tab, indicador_tab, causales_tab, correo_tab, operacion_tab = st.tabs(
    ["Usuarios y roles", "Estados de Smartflex", "Actividades", "Indicador", "Causales de fallo",
     "Correo y respaldos", "Operación"])

with cuentas_tab:
    cuentas = consultar(con, "admin_usuarios")
    st.dataframe(
        cuentas.assign(rol=cuentas["rol"].map(ROLES)),
        hide_index=True, width="stretch", placeholder="",  # sin correo o sin bloqueo: vacío, no «None»
        column_order=["usuario", "nombre", "rol", "email", "activo", "bloqueada", "bloqueado_hasta", "creado_en"],
        column_config={
            "usuario": "Usuario", "nombre": "Nombre", "rol": "Rol", "email": "Correo",
            "activo": st.column_config.CheckboxColumn("Activa"),
            "bloqueada": st.column_config.CheckboxColumn("Bloqueada"),
            "bloqueado_hasta": st.column_config.DatetimeColumn("Bloqueada hasta", format="DD/MM/YYYY HH:mm"),
            "creado_en": st.column_config.DatetimeColumn("Creada", format="DD/MM/YYYY"),
        })

    with st.expander("Nueva cuenta", expanded=cuentas.empty):
        with st.form("cuenta_nueva"):
            c1, c2 = st.columns(2)
            nuevo = c1.text_input("Usuario", help="Minúsculas sin tilde, números, punto o guion.",
                                  key="cuenta_nueva_usuario")
            nombre = c2.text_input("Nombre completo", key="cuenta_nueva_nombre")
            rol = c1.selectbox("Rol", ROLES_CUENTA, format_func=ROLES.get, key="cuenta_nueva_rol")
            email = c2.text_input("Correo (para el ingreso institucional, opcional)", key="cuenta_nueva_email")
            clave = c1.text_input("Contraseña", type="password", autocomplete="new-password", key="cuenta_nueva_clave",
                                  help=f"Al menos {usuarios.LARGO_MINIMO_CLAVE} caracteres.")
            repetida = c2.text_input("Repita la contraseña", type="password", autocomplete="new-password",
                                     key="cuenta_nueva_repetida")
            if st.form_submit_button("Crear cuenta") and claves_iguales(clave, repetida):
                hacer(f"Cuenta «{nuevo.strip().lower()}» creada.",
                      lambda c, q: usuarios.agregar(c, q, nuevo, nombre, rol, clave, email=email),
                      limpiar="cuenta_nueva_")

    if not cuentas.empty:
        st.subheader("Cambiar una cuenta")
        cuenta = st.selectbox("Cuenta", cuentas["usuario"].tolist(), key="admin_cuenta")
        fila = cuentas.set_index("usuario").loc[cuenta]
        c1, c2 = st.columns(2)
        with c1.form("cambiar_rol"):
            rol = st.selectbox("Rol", ROLES_CUENTA, index=ROLES_CUENTA.index(fila["rol"]), format_func=ROLES.get)
            if st.form_submit_button("Cambiar rol"):
                hacer(f"Rol de «{cuenta}» cambiado a {ROLES[rol]}.", usuarios.cambiar_rol, cuenta, rol)
        with c2.form("restablecer_clave", clear_on_submit=True):
            clave = st.text_input("Contraseña nueva", type="password", autocomplete="new-password")
            repetida = st.text_input("Repita la contraseña", type="password", autocomplete="new-password")
            if st.form_submit_button("Restablecer contraseña") and claves_iguales(clave, repetida):
                hacer(f"Contraseña de «{cuenta}» restablecida; la cuenta queda desbloqueada.",
                      usuarios.restablecer_clave, cuenta, clave)
        with c1.form("cambiar_correo"):
            email = st.text_input("Correo", value=fila["email"] if isinstance(fila["email"], str) else "")
            if st.form_submit_button("Guardar correo"):
                hacer(f"Correo de «{cuenta}» guardado.", usuarios.cambiar_email, cuenta, email)
        with c2:
            if fila["activo"]:
                st.caption("Una cuenta desactivada no puede ingresar; sus registros se conservan.")
                if st.button("Desactivar cuenta", key="desactivar"):
                    hacer(f"Cuenta «{cuenta}» desactivada.", usuarios.desactivar, cuenta)
            elif st.button("Reactivar cuenta", key="reactivar"):
                hacer(f"Cuenta «{cuenta}» reactivada.", usuarios.reactivar, cuenta)

with estados_tab:
    st.caption("Cómo se traduce cada estado de Smartflex al estado del procedimiento. Los valores se comparan "
               "sin espacios sobrantes, sin mayúsculas y sin tildes. Un valor que no esté aquí hace rechazar "
               "la importación: nunca se adivina. Los cambios se aplican a las importaciones siguientes.")
    mapeo = consultar(con, "admin_mapeo_estados")
    st.dataframe(mapeo, hide_index=True, width="stretch", placeholder="",
                 column_config={"valor": "Código OSF o descripción (normalizada)", "estado": "Estado"})
    c1, c2 = st.columns(2)
    with c1.form("mapeo_guardar"):
        valor = st.text_input("Valor tal como viene en la exportación", placeholder="9 - CERRADA",
                              key="mapeo_guardar_valor",
                              help="Con código («8 - CERRADA», «8 : Cerrada», «8») decide el código; si no, la "
                                   "descripción, sin mayúsculas ni tildes.")
        estado = st.selectbox("Estado", ESTADOS, key="mapeo_guardar_estado")
        if st.form_submit_button("Guardar equivalencia"):
            hacer(f"Equivalencia «{valor.strip()}» → {estado} guardada.", administracion.guardar_mapeo, valor,
                  estado, limpiar="mapeo_guardar_")
    with c2.form("mapeo_quitar"):
        valor = st.selectbox("Equivalencia", mapeo["valor"].tolist())
        if st.form_submit_button("Quitar equivalencia") and valor:
            hacer(f"Equivalencia «{valor}» quitada.", administracion.quitar_mapeo, valor)

with actividades_tab:
    st.caption("Actividades que cuentan en el indicador. Las demás actividades se guardan pero no se cuentan.")
    actividades = consultar(con, "admin_actividades")
    st.dataframe(actividades, hide_index=True, width="stretch", placeholder="",
                 column_config={"codigo": st.column_config.NumberColumn("Código", format="%d"),
                                "descripcion": "Descripción"})
    c1, c2 = st.columns(2)
    with c1.form("actividad_guardar"):
        codigo = st.number_input("Código", min_value=1, step=1, value=None, format="%d",
                                 key="actividad_guardar_codigo")
        descripcion = st.text_input("Descripción", key="actividad_guardar_descripcion")
        if st.form_submit_button("Guardar actividad"):
            if codigo is None:
                st.error("Escriba el código de la actividad.")
            else:
                hacer(f"Actividad {int(codigo)} guardada.", administracion.guardar_actividad, int(codigo), descripcion,
                      limpiar="actividad_guardar_")
    with c2.form("actividad_quitar"):
        codigo = st.selectbox("Actividad", actividades["codigo"].tolist(),
                              format_func=dict(zip(actividades["codigo"], actividades["descripcion"])).get)
        if st.form_submit_button("Quitar actividad") and codigo is not None:
            hacer(f"Actividad {codigo} quitada.", administracion.quitar_actividad, int(codigo))

with indicador_tab:
    ajustes = dict(consultar(con, "admin_ajustes").itertuples(index=False, name=None))
    with st.form("ajustes"):
        umbral = st.number_input("Umbral del indicador (%)", min_value=1, max_value=100, step=1,
                                 value=int(ajustes.get("umbral_kpi", 98)),
                                 help="APROBADO si atendidos × 100 ≥ umbral × total (procedimiento: 98).")
        dias = st.number_input("Días sin coordinación para alertar", min_value=1, max_value=365, step=1,
                               value=int(ajustes.get("dias_sin_coordinacion", 7)))
        frescura = st.number_input(
            "Días sin importar antes de avisar", min_value=1, max_value=60, step=1,
            value=administracion.valor_ajuste(con, "dias_frescura"),
            help="Cada página avisa si la última importación de Smartflex es más vieja que esto.")
        horas = st.number_input(
            "Horas que dura la sesión en el navegador", min_value=1, max_value=72, step=1,
            value=administracion.valor_ajuste(con, "horas_sesion"),
            help="Tras ingresar, F5 o una pestaña nueva no piden la contraseña durante este tiempo. Vale para los "
                 "ingresos siguientes.")
        toda_excepcion = st.checkbox(
            "Exigir una explicación por cada excepción antes de firmar la conciliación",
            value=bool(administracion.valor_ajuste(con, "explicar_toda_excepcion")),
            help="Sin marcar, firmar un mes con excepciones sin explicar pide confirmar, con la lista a la vista.")
        if st.form_submit_button("Guardar"):
            def guardar(c, q):
                administracion.cambiar_ajuste(c, q, "umbral_kpi", umbral)
                administracion.cambiar_ajuste(c, q, "dias_sin_coordinacion", dias)
                administracion.cambiar_ajuste(c, q, "dias_frescura", frescura)
                administracion.cambiar_ajuste(c, q, "horas_sesion", horas)
                administracion.cambiar_ajuste(c, q, "explicar_toda_excepcion", int(toda_excepcion))
            hacer("Ajustes guardados.", guardar)

with causales_tab:
    st.caption("Una orden legalizada con una causal de fallo se cerró en Smartflex sin el trabajo hecho: la bandeja "
               "Atendidos la señala y la pone primera para verificarla, y el Semáforo la cuenta aparte. Sigue "
               "contando como atendida en el KPI. Si la exportación trae la clase de la causal, se usa esa; marque "
               "aquí los códigos de fallo para las exportaciones que no la traen.")
    marcadas = consultar(con, "admin_causales_fallo")
    if marcadas.empty:
        st.info("Todavía no hay causales marcadas como fallo.")
    else:
        st.dataframe(marcadas, hide_index=True, width="stretch", placeholder="",
                     column_config={"codigo": st.column_config.NumberColumn("Código", format="%d"),
                                    "descripcion": "Descripción (administrador)",
                                    "descripcion_ordenes": "Descripción más frecuente en las órdenes",
                                    "atendidas": st.column_config.NumberColumn("Atendidas con esta causal",
                                                                               format="%d")})
    c1, c2 = st.columns(2)
    with c1.form("causal_fallo_marcar"):
        codigo = st.number_input("Código de causal (CAUSAL_ID)", min_value=1, step=1, value=None, format="%d",
                                 key="causal_fallo_codigo")
        descripcion = st.text_input("Descripción (opcional)", key="causal_fallo_descripcion")
        if st.form_submit_button("Marcar como fallo"):
            hacer(f"Causal {codigo} marcada como fallo.", administracion.marcar_causal_fallo, codigo, descripcion,
                  limpiar="causal_fallo_")
    with c2.form("causal_fallo_quitar"):
        por_codigo = dict(zip(marcadas["codigo"], marcadas["descripcion_ordenes"].fillna(marcadas["descripcion"])))
        # Sin key: la lista cambia al marcar o quitar y el elegido debe volver al primero (no quedar vacío).
        codigo = st.selectbox("Causal marcada", marcadas["codigo"].tolist(),
                              format_func=lambda c: f"{c} – {por_codigo[c]}" if isinstance(por_codigo.get(c), str)
                              else str(c))
        if st.form_submit_button("Quitar marca") and codigo is not None:
            hacer(f"Causal {codigo} ya no está marcada como fallo.", administracion.quitar_causal_fallo, int(codigo))
    vistas = consultar(con, "admin_causales_atendidas")
    with st.expander(f"Causales de las órdenes atendidas ({len(vistas)})"):
        if vistas.empty:
            st.caption("Ninguna orden atendida trae código de causal.")
        else:
            st.dataframe(vistas.assign(clase=vistas["clase"].map(lambda c: CLASE_CAUSAL.get(c, "Sin clase"))),
                         hide_index=True, width="stretch", placeholder="",
                         column_config={"codigo": st.column_config.NumberColumn("Código", format="%d"),
                                        "descripcion": "Descripción más frecuente",
                                        "clase": "Clase en la exportación",
                                        "atendidas": st.column_config.NumberColumn("Atendidas", format="%d"),
                                        "marcada": st.column_config.CheckboxColumn("Marcada como fallo")})

with correo_tab:
    st.subheader("Correo")
    try:
        servidor = correo.configuracion()
    except correo.ConfiguracionInvalida as e:
        st.error(f"La configuración del correo tiene un error: {e}")
    else:
        if servidor:
            st.caption(f"Servidor de correo: {servidor.descripcion()}.")
        else:
            st.warning("El correo no está configurado: las alertas y el informe mensual no se envían. El servidor se "
                       "configura en .streamlit/secrets.toml (sección [smtp]) o con variables SEGUIMIENTO_SMTP_… "
                       "(ver el README); la clave nunca se guarda en la base.")
    elegidos = consultar(con, "admin_destinatarios")
    with st.form("destinatarios"):
        st.caption("Reciben cada correo los usuarios activos, con correo, de los roles elegidos.")
        roles_de = {tipo: st.multiselect(correo.ROTULOS[tipo], correo.ROLES_DESTINATARIOS, format_func=ROLES.get,
                                         default=sorted(elegidos.loc[elegidos["tipo"] == tipo, "rol"],
                                                        key=correo.ROLES_DESTINATARIOS.index),
                                         placeholder="Nadie", key=f"destinatarios_{tipo}")
                    for tipo in correo.TIPOS}
        if st.form_submit_button("Guardar destinatarios"):
            def guardar_destinatarios(c, q):
                for tipo, roles in roles_de.items():
                    correo.elegir_roles(c, q, tipo, roles)
            hacer("Destinatarios guardados.", guardar_destinatarios)
    reciben = consultar(con, "admin_destinatarios_usuarios")
    if reciben.empty:
        st.info("Ningún usuario activo tiene los roles elegidos: nadie recibe correos.")
    else:
        st.dataframe(
            reciben.assign(tipo=reciben["tipo"].map(correo.ROTULOS), rol=reciben["rol"].map(ROLES),
                           email=reciben["email"].fillna("sin correo: no recibe")),
            hide_index=True, width="stretch", placeholder="",
            column_config={"tipo": "Correo", "nombre": "Nombre", "rol": "Rol", "email": "Dirección"})

    st.markdown("**Últimos envíos**")
    envios = consultar(con, "admin_envios")
    if envios.empty:
        st.caption("Todavía no se envió ningún correo.")
    else:
        st.dataframe(
            envios.assign(tipo=envios["tipo"].map(correo.ROTULOS), estado=envios["estado"].map(correo.ESTADOS_ENVIO)),
            hide_index=True, width="stretch", placeholder="",
            column_order=["ultimo_intento", "tipo", "periodo", "estado", "error", "intentos", "asunto",
                          "destinatarios", "enviado_en"],
            column_config={
                "ultimo_intento": st.column_config.DatetimeColumn("Último intento", format="DD/MM/YYYY HH:mm"),
                "tipo": "Correo", "periodo": "Periodo", "estado": "Estado",
                "error": st.column_config.TextColumn("Motivo del fallo", width="large"),
                "intentos": st.column_config.NumberColumn("Intentos", format="%d"), "asunto": "Asunto",
                "destinatarios": "Destinatarios",
                "enviado_en": st.column_config.DatetimeColumn("Enviado", format="DD/MM/YYYY HH:mm")})

    st.subheader("Respaldos")
    guardados = respaldo.respaldos(unidad.ruta_db())
    if guardados:
        ultimo = guardados[-1]
        st.caption(f"{len(guardados)} respaldos en «{ultimo.parent}»; el último: {ultimo.name} "
                   f"({respaldo.tamano(ultimo)}).")
    else:
        st.warning("Todavía no hay respaldos de esta base en su carpeta respaldos/ (python -m datos respaldo).")
    with st.form("respaldos"):
        conservar = st.number_input(
            "Respaldos a conservar", min_value=1, max_value=365, step=1,
            value=administracion.valor_ajuste(con, "respaldos_a_conservar"),
            help="Cada respaldo nuevo borra los más viejos de su carpeta hasta dejar este número.")
        if st.form_submit_button("Guardar"):
            hacer("Ajuste guardado.", administracion.cambiar_ajuste, "respaldos_a_conservar", conservar)

with operacion_tab:
    st.subheader("Instalación")
    base = Path(unidad.ruta_db())
    ultimo_respaldo = (f"{guardados[-1].name} ({respaldo.tamano(guardados[-1])})" if guardados
                       else "ninguno todavía (`python -m datos respaldo`)")
    st.markdown(f"**Versión**: {instalacion.version()}  \n**Base**: `{base}` ({respaldo.tamano(base)})  \n"
                f"**Último respaldo**: {ultimo_respaldo}")
    st.subheader("Tareas programadas")
    st.caption("`python -m datos tareas` cada 15 minutos (systemd o cron, ver el README): carpeta de entrada, informe "
               "mensual, alerta diaria y respaldo. Lo fallido se reintenta solo en la corrida siguiente.")
    estado = consultar(con, "admin_tareas")
    corrio = estado["inicio"].dropna()
    if corrio.empty:
        st.warning("Las tareas programadas nunca corrieron en esta base: nadie importa la carpeta de entrada ni "
                   "archiva los informes. Programe `python -m datos tareas` (README, «Operación desatendida»).")
    elif (horas := (reloj.ahora() - corrio.max().to_pydatetime()).total_seconds() / 3600) > 1:
        st.warning(f"Las tareas no corren desde el {formato.texto_fecha_hora(corrio.max())} (hace {horas:.0f} h): "
                   "revise el temporizador o el cron de la máquina.")
    else:
        st.success(f"Las tareas corrieron en la última hora (el {formato.texto_fecha_hora(corrio.max())}).")
    for inicio in consultar(con, "admin_tareas_interrumpidas", ahora=reloj.ahora())["inicio"]:
        st.warning(f"Una corrida se interrumpió a las {inicio:%H:%M} del {inicio:%d/%m/%Y}: empezó y no terminó (se "
                   "la mató o se apagó la máquina). La siguiente retomó lo pendiente; si se repite, revise el log.")
    for fila in estado.itertuples(index=False):
        nombre = tareas.TAREAS[fila.tarea]
        if pd.isna(fila.inicio):
            st.markdown(f"⚪ **{nombre}**: todavía no corrió.")
            continue
        luz = {"hecho": "🟢", "sin_novedad": "🟢", "fallido": "🔴"}[fila.resultado]
        # El periodo de un aviso de rechazo y el detalle de la carpeta llevan nombres de archivo.
        texto = (f"{luz} **{nombre}** — {formato.texto_fecha_hora(fila.inicio)} "
                 f"({formato.texto_llano(fila.periodo)}): {formato.texto_llano(fila.detalle)}")
        if fila.resultado == "fallido":
            desde = (f"la última que salió bien fue el {formato.texto_fecha_hora(fila.ultima_buena)}"
                     if not pd.isna(fila.ultima_buena) else "nunca salió bien")
            texto += f"  \nFalla; {desde}. Se reintenta en la próxima corrida."
        st.markdown(texto)
    ultima = consultar(con, "ultima_importacion")
    if ultima.empty:
        st.markdown("⚪ **Última importación**: ninguna todavía.")
    else:
        fecha, archivo, autor = ultima.iloc[0]
        st.markdown(f"**Última importación**: {formato.texto_fecha_hora(fecha)}, «{formato.texto_llano(archivo)}», "
                    f"por {formato.texto_llano(autor)}.")
    fallidas = consultar(con, "admin_tareas_fallidas")
    if not fallidas.empty:
        st.markdown("**Últimas corridas fallidas**")
        st.dataframe(fallidas.assign(tarea=fallidas["tarea"].map(tareas.TAREAS)), hide_index=True, placeholder="",
                     column_config={
                         "inicio": st.column_config.DatetimeColumn("Cuándo", format="DD/MM/YYYY HH:mm"),
                         "tarea": "Tarea", "periodo": "Periodo",
                         "detalle": st.column_config.TextColumn("Qué pasó", width="large")})
    rechazos = consultar(con, "admin_rechazos_entrada")
    if not rechazos.empty:
        n = len(rechazos)
        st.markdown(f"🟠 **{'1 archivo rechazado' if n == 1 else f'{n} archivos rechazados'} en la carpeta de entrada** "
                    "(30 días): no se importó nada de ellos; quedan en rechazados/ con sus problemas y se avisa una vez "
                    "por correo a quienes reciben los avisos de rechazo.")
        st.dataframe(rechazos.assign(archivo=rechazos["archivo"].map(lambda a: a.rsplit("/", 1)[-1]),
                                     aviso=rechazos["aviso"].fillna("pendiente (se reintenta en horario de oficina)")),
                     hide_index=True, placeholder="", column_order=["rechazado_en", "archivo", "aviso"],
                     column_config={"rechazado_en": st.column_config.DatetimeColumn("Cuándo", format="DD/MM/YYYY HH:mm"),
                                    "archivo": "Archivo", "aviso": "Aviso por correo"})
    perdidos = consultar(con, "admin_envios_no_enviados")
    if not perdidos.empty:
        st.markdown("**Correos no enviados** (ya no correspondía reintentarlos; la alerta siguiente que sale los cuenta)")
        st.dataframe(perdidos.assign(tipo=perdidos["tipo"].map(correo.ROTULOS)), hide_index=True, placeholder="",
                     column_order=["periodo", "tipo", "error", "intentos", "mencionado_en"],
                     column_config={"periodo": "Periodo", "tipo": "Correo",
                                    "error": st.column_config.TextColumn("Motivo", width="large"),
                                    "intentos": st.column_config.NumberColumn("Intentos", format="%d"),
                                    "mencionado_en": "Mencionado en la alerta del"})

    st.subheader("Calendario de trabajo")
    st.caption(f"El informe mensual, la alerta diaria y los avisos de rechazo salen en un día hábil, desde la hora de "
               f"las tareas del día hasta las {calendario.FIN_DEL_DIA:%H:%M}; nunca de noche. La carpeta de entrada y "
               "el respaldo corren siempre. Días hábiles: de lunes a viernes, sin los feriados de Bolivia (fijos y "
               "móviles, del paquete holidays) ni los que se agregan aquí.")
    with st.form("hora_tareas"):
        hora = st.time_input("Hora de las tareas del día (hora de Bolivia)", value=calendario.hora_tareas(con),
                             step=900, help=f"Entre las {calendario.HORA_MINIMA:%H:%M} y las "
                                            f"{calendario.HORA_MAXIMA:%H:%M}.")
        if st.form_submit_button("Guardar hora"):
            hacer(f"Hora de las tareas del día: {hora:%H:%M}.", calendario.cambiar_hora_tareas, hora)
    anio = st.number_input("Feriados del año", min_value=2000, max_value=2100, step=1, value=reloj.hoy().year)
    feriados = calendario.Calendario.de(con).feriados_del_anio(int(anio))
    st.dataframe(pd.DataFrame([(f.fecha, f.nombre, "Agregado aquí" if f.origen == "propio" else "Nacional")
                               for f in feriados], columns=["fecha", "nombre", "origen"]),
                 hide_index=True, placeholder="",
                 column_config={"fecha": st.column_config.DateColumn("Fecha", format="DD/MM/YYYY"),
                                "nombre": "Feriado", "origen": "Origen"})
    c1, c2 = st.columns(2)
    with c1.form("feriado_agregar"):
        fecha = st.date_input("Fecha", value=None, format="DD/MM/YYYY", key="feriado_agregar_fecha")
        nombre = st.text_input("Nombre", placeholder="Aniversario de Cochabamba", key="feriado_agregar_nombre")
        cada_anio = st.checkbox("Se repite cada año (desde ese año)", key="feriado_agregar_cada_anio")
        if st.form_submit_button("Agregar feriado"):
            hacer(f"Feriado «{nombre.strip()}» agregado.", calendario.agregar_feriado, fecha, nombre, cada_anio,
                  limpiar="feriado_agregar_")
    with c2.form("feriado_quitar"):
        propios = calendario.feriados_propios(con)
        elegido = st.selectbox("Feriado agregado", propios, placeholder="Ninguno agregado",
                               format_func=lambda f: f"{f[0]:%d/%m/%Y} – {f[1]}" + (" (cada año)" if f[2] else ""))
        if st.form_submit_button("Quitar feriado") and elegido:
            hacer(f"Feriado «{elegido[1]}» quitado.", calendario.quitar_feriado, elegido[0])
