"""El informe mensual en PDF (A4, fpdf2): para imprimir, firmar y entregar (1 original + 1 copia)."""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import matplotlib
import pandas as pd
from fpdf import FPDF

from datos import formato
from informes import anotaciones, graficos
from informes.mensual import InformeMensual

# La DejaVu que trae matplotlib está siempre en el entorno: el PDF sale igual en cualquier máquina.
_FUENTES = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FILAS_MAXIMAS = 60  # por tabla; el Excel lleva todas
ALTO_LINEA, RELLENO = 3.4, 0.7
GRIS = (117, 117, 117)


def _rgb(color: str) -> tuple[int, int, int]:
    return tuple(int(color[i:i + 2], 16) for i in (1, 3, 5))


# El recuadro del veredicto con los colores del gráfico; la letra, blanca sobre verde y rojo, negra sobre el gris claro.
COLOR_VEREDICTO = {estado: _rgb(color) for estado, color in graficos.COLORES.items()}
LETRA_VEREDICTO = {"APROBADO": (255, 255, 255), "OBSERVADO": (255, 255, 255), "SIN_TRAMITES": (0, 0, 0)}
ROJO = COLOR_VEREDICTO["OBSERVADO"]


class _Documento(FPDF):
    def __init__(self, informe: InformeMensual):
        super().__init__(orientation="P", unit="mm", format="A4")
        self.informe = informe
        self.add_font("DejaVu", "", str(_FUENTES / "DejaVuSans.ttf"))
        self.add_font("DejaVu", "B", str(_FUENTES / "DejaVuSans-Bold.ttf"))
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(True, margin=18)
        self.set_title(f"Informe mensual {informe.titulo_mes} — Movimiento de poste")
        self.set_author("Resp. Atención de Clientes — COMTECO R.L.")
        self.set_creation_date(dt.datetime.now(dt.timezone.utc))

    def header(self):
        i = self.informe
        self.set_font("DejaVu", "B", 9)
        self.set_text_color(0)
        self.cell(0, 5, "COMTECO R.L. · Informe mensual de OTs «Movimiento de poste»", new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 8)
        self.cell(90, 4.5, f"Mes: {i.titulo_mes}")
        self.cell(0, 4.5, f"Generado: {formato.texto_fecha_hora(i.generado)}", align="R",
                  new_x="LMARGIN", new_y="NEXT")
        if i.preliminar:
            self.set_font("DejaVu", "B", 8)
            self.set_text_color(*ROJO)
            self.cell(0, 4.5, "PRELIMINAR — el mes aún tiene órdenes en estado REGISTRADO", align="R",
                      new_x="LMARGIN", new_y="NEXT")
            self.set_text_color(0)
        self.set_draw_color(180)
        self.line(self.l_margin, self.get_y() + 1, self.w - self.r_margin, self.get_y() + 1)
        self.ln(4)

    def footer(self):
        self.set_y(-13)
        self.set_font("DejaVu", "", 7.5)
        self.set_text_color(*GRIS)
        self.cell(0, 5, "Procedimiento OPE-SUM-GES-P08 · Informe a Jefe de División")
        self.cell(0, 5, f"Página {self.page_no()} de {{nb}}", align="R")
        self.set_text_color(0)

    # — piezas —
    def titulo(self, texto: str):
        if self.get_y() > self.h - 45:  # un título no queda solo al pie de la página
            self.add_page()
        self.ln(2)
        self.set_font("DejaVu", "B", 11)
        self.cell(0, 7, texto, new_x="LMARGIN", new_y="NEXT")
        self.set_font("DejaVu", "", 9)

    def parrafo(self, texto: str, tamano: float = 9):
        self.set_font("DejaVu", "", tamano)
        self.multi_cell(0, 4.8, texto, align="L", new_x="LMARGIN", new_y="NEXT")

    def tabla(self, df: pd.DataFrame, anchos: tuple[float, ...], vacio: str):
        """Tabla dibujada celda a celda: fpdf2 `table()` tarda ~2 ms por celda y el informe debe salir en segundos."""
        if df.empty:
            self.parrafo(vacio)
            return
        titulos = [str(c) for c in df.columns]
        self._fila(titulos, anchos, encabezado=True)
        for n, fila in enumerate(df.head(FILAS_MAXIMAS).itertuples(index=False, name=None)):
            if self._fila([_celda(v) for v in fila], anchos, gris=n % 2 == 1):
                self._fila(titulos, anchos, encabezado=True)  # la tabla siguió en otra página
                self._fila([_celda(v) for v in fila], anchos, gris=n % 2 == 1)
        if len(df) > FILAS_MAXIMAS:
            self.parrafo(f"… y {len(df) - FILAS_MAXIMAS} más: la lista completa está en el Excel "
                         "«Reporte de Estados de OTs».", 8)
        self.ln(1.5)

    def _fila(self, textos: list[str], anchos, encabezado: bool = False, gris: bool = False) -> bool:
        """Dibuja una fila; si no cabe, abre página y devuelve True sin dibujarla."""
        self.set_font("DejaVu", "B" if encabezado else "", 7)
        lineas = [self._partir(t, a - 2 * RELLENO) for t, a in zip(textos, anchos)]
        alto = max(len(l) for l in lineas) * ALTO_LINEA + 2 * RELLENO
        if self.get_y() + alto > self.page_break_trigger:
            self.add_page()
            if not encabezado:
                return True
        x, y = self.l_margin, self.get_y()
        self.set_draw_color(190)
        fondo = (221, 235, 247) if encabezado else (245, 245, 245) if gris else None
        if fondo:
            self.set_fill_color(*fondo)
        for texto, ancho in zip(lineas, anchos):
            self.rect(x, y, ancho, alto, style="DF" if fondo else "D")
            for k, linea in enumerate(texto):
                self.set_xy(x + RELLENO, y + RELLENO + k * ALTO_LINEA)
                self.cell(ancho - 2 * RELLENO, ALTO_LINEA, linea)
            x += ancho
        self.set_xy(self.l_margin, y + alto)
        return False

    def _partir(self, texto: str, ancho: float, maximo: int = 4) -> list[str]:
        """Corte por palabras (las muy largas, por caracteres); a lo sumo `maximo` líneas, con «…». Tiempo lineal en
        el largo del texto: una palabra de 10 000 caracteres (un dato pegado sin espacios) no detiene el informe."""
        if self.get_string_width(texto) <= ancho:
            return [texto]
        lineas, actual = [], ""
        for palabra in texto.split():
            if self.get_string_width(palabra) > ancho:  # p. ej. una URL
                if actual:
                    lineas.append(actual)
                *llenas, palabra = self._cortar(palabra, ancho)
                lineas.extend(llenas)
                actual = ""
            candidata = f"{actual} {palabra}".strip()
            if self.get_string_width(candidata) <= ancho:
                actual = candidata
            else:
                lineas.append(actual)
                actual = palabra
            if len(lineas) > maximo:  # lo que sigue no se muestra
                break
        if actual:
            lineas.append(actual)
        if len(lineas) > maximo:
            lineas = lineas[:maximo]
            ultima = lineas[-1]
            while ultima and self.get_string_width(ultima + "…") > ancho:
                ultima = ultima[:-1]
            lineas[-1] = ultima + "…"
        return lineas

    def _cortar(self, palabra: str, ancho: float) -> list[str]:
        """La palabra en trozos de a lo sumo `ancho`, de una pasada: el ancho de cada letra se mide una vez (con la
        fuente y el tamaño de ahora) y se suma."""
        medidas: dict[str, float] = {}
        trozos, desde, suma = [], 0, 0.0
        for i, letra in enumerate(palabra):
            if letra not in medidas:
                medidas[letra] = self.get_string_width(letra)
            if suma + medidas[letra] > ancho and i > desde:
                trozos.append(palabra[desde:i])
                desde, suma = i, 0.0
            suma += medidas[letra]
        trozos.append(palabra[desde:])
        return trozos


def _celda(valor) -> str:
    if valor is None or valor is pd.NaT or (not isinstance(valor, str) and pd.isna(valor)):
        return ""
    if isinstance(valor, (pd.Timestamp, dt.datetime)):
        return formato.texto_fecha(valor)
    if isinstance(valor, dt.date):
        return valor.strftime("%d/%m/%Y")
    if isinstance(valor, float):
        return formato.texto_decimal(valor)
    return str(valor)  # las OT van sin separador de miles, como en Smartflex


def generar(informe: InformeMensual) -> bytes:
    pdf = _Documento(informe)
    pdf.add_page()
    _resultado(pdf, informe)
    _tendencia(pdf, informe)
    _contexto(pdf, informe)
    _anulados(pdf, informe)
    _registrados(pdf, informe)
    _atendidos(pdf, informe)
    _seguimiento(pdf, informe)
    if informe.conciliacion is not None:
        _conciliacion(pdf, informe.conciliacion)
    _firmas(pdf)
    return bytes(pdf.output())


def _resultado(pdf: _Documento, i: InformeMensual):
    pdf.set_font("DejaVu", "B", 15)
    pdf.cell(0, 8, f"Informe mensual — {i.titulo_mes}", new_x="LMARGIN", new_y="NEXT")
    pdf.parrafo("Para: Jefa de División Gestión Relación y Experiencia del Cliente. "
                "De: Resp. Atención de Clientes.", 8.5)
    pdf.parrafo(f"Filtros: {i.filtros.texto()}", 8.5)
    pdf.parrafo(f"Datos: {i.texto_frescura()}.", 8.5)
    pdf.ln(2)
    # El veredicto en grande, como en el Semáforo.
    y = pdf.get_y()
    pdf.set_fill_color(*COLOR_VEREDICTO[i.kpi["estado"]])
    pdf.set_text_color(*LETRA_VEREDICTO[i.kpi["estado"]])
    pdf.set_font("DejaVu", "B", 20)
    pdf.cell(60, 13, i.porcentaje, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "B", 12)
    pdf.cell(60, 8, i.veredicto, align="C", fill=True, new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0)
    pdf.set_fill_color(255)  # fpdf2 rellenaría las tablas siguientes con el color del veredicto
    fin = pdf.get_y()
    pdf.set_xy(80, y)
    pdf.set_font("DejaVu", "", 9)
    texto = (f"KPI = trámites ATENDIDOS ÷ total de trámites de movimiento de poste × 100: {i.detras()}. "
             f"Meta: ≥ {i.umbral} % → APROBADO; menos → OBSERVADO. Porcentaje truncado a dos decimales.")
    if i.preliminar:
        pendientes = i.conteos()["Registrados"]
        texto += (f" PRELIMINAR: {pendientes} {'orden sigue' if pendientes == 1 else 'órdenes siguen'} "
                  "en estado REGISTRADO; la cifra puede cambiar.")
    pdf.multi_cell(0, 4.8, texto, align="L", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(max(fin, pdf.get_y()) + 3)
    conteos = pd.DataFrame([i.conteos()]).map(formato.texto_entero)
    pdf.tabla(conteos, (45, 45, 45, 45), "")


def _tendencia(pdf: _Documento, i: InformeMensual):
    pdf.titulo(f"Tendencia de los últimos {len(i.tendencia)} meses")
    png = graficos.tendencia_png(i.tendencia, i.umbral, notas=i.anotaciones)
    pdf.image(io.BytesIO(png), w=pdf.epw)
    pdf.tabla(i.tabla_tendencia(), (22, 18, 14, 22, 22, 20, 22, 40), "")


def _contexto(pdf: _Documento, i: InformeMensual):
    """Las notas sobre la tendencia (issue 25): las del mes, y las demás que el gráfico numera."""
    notas = anotaciones.numeradas(i.anotaciones)
    if notas.empty:
        return
    del_mes = i.notas_del_mes()
    pdf.titulo("Contexto del mes")
    pdf.parrafo("\n".join(anotaciones.texto_nota(n) for n in del_mes.itertuples(index=False))
                if not del_mes.empty else "Ninguna nota sobre este mes.", 8.5)
    otras = notas[~notas["numero"].isin(del_mes["numero"])]
    if not otras.empty:
        pdf.parrafo("Otras notas en la tendencia: " + " · ".join(
            anotaciones.texto_nota(n) for n in otras.itertuples(index=False)), 7.5)


def _anulados(pdf: _Documento, i: InformeMensual):
    pdf.titulo(f"Órdenes anuladas ({formato.texto_entero(len(i.del_estado('ANULADO')))}): causal y medida correctiva")
    t = i.tabla_anulados()
    sin_medida = int(t["Medida correctiva"].isna().sum())
    if len(t):
        pdf.parrafo(f"Sin medida correctiva registrada: {sin_medida}.", 8.5)
    pdf.tabla(t, (16, 17, 17, 34, 50, 26, 20), "Ninguna orden anulada en el mes.")


def _registrados(pdf: _Documento, i: InformeMensual):
    t = i.tabla_registrados().drop(columns=["Fecha acordada", "Tramo"])
    pdf.titulo(f"Órdenes pendientes (REGISTRADO: {formato.texto_entero(len(t))}), antigüedad y última coordinación")
    if len(t):
        pdf.parrafo(f"Antigüedad al {formato.texto_fecha(i.generado)}: máxima "
                    f"{int(t['Antigüedad (días)'].max())} días. Sin coordinación registrada: "
                    f"{int(t['Última coordinación'].isna().sum())}.", 8.5)
    pdf.tabla(t, (16, 17, 20, 17, 14, 23, 22, 33, 18), "Ninguna orden pendiente.")


def _atendidos(pdf: _Documento, i: InformeMensual):
    pdf.titulo(f"Órdenes atendidas ({formato.texto_entero(len(i.del_estado('ATENDIDO')))}): "
               "verificación y tiempo de atención")
    tiempo = i.tiempo_atencion()
    pdf.parrafo(f"Tiempo de atención (registro → atención), sobre {tiempo['con_fecha']} órdenes con fecha: "
                f"mediana {formato.texto_dias(tiempo['mediana'])}, percentil 90 {formato.texto_dias(tiempo['p90'])}.", 8.5)
    verif = pd.DataFrame([i.verificacion()]).map(formato.texto_entero)
    pdf.tabla(verif, (60, 60, 60), "")
    observadas = i.tabla_atendidos()
    observadas = observadas[observadas["Verificación"] == "Con observación"]
    if len(observadas):
        pdf.parrafo("Atendidas con observación en la verificación:", 8.5)
        pdf.tabla(observadas.drop(columns=["Verificación"]), (20, 20, 20, 20, 70, 30), "")


def _seguimiento(pdf: _Documento, i: InformeMensual):
    pdf.titulo("Quién hizo el seguimiento")
    pdf.tabla(i.tabla_seguimiento(), (30, 32, 17, 15, 24, 24, 19, 19),
              "No hay registros de seguimiento para las órdenes del mes.")
    ausencias = i.tabla_ausencias()
    if ausencias.empty:
        pdf.parrafo("Sin ausencias de la Resp. de Atención registradas en el periodo: no hubo suplencia.", 8.5)
    else:
        pdf.parrafo("Suplencia: periodos de ausencia de la Resp. de Atención de Clientes, en los que la "
                    "Resp. de Retención de Clientes hizo el seguimiento:", 8.5)
        pdf.tabla(ausencias, (25, 25, 90, 40), "")


def _conciliacion(pdf: _Documento, c):
    """Conciliación CxC del mes (paso 15): trámites e importe en juego por categoría, y quién firmó.
    `c`: informes.conciliacion.Resumen (de todo el mes, sin los filtros del informe)."""
    from datos.facturacion import CATEGORIAS
    from datos.permisos import ROLES

    pdf.titulo("Conciliación CxC (facturas de la tarifa de cada trámite)")
    tarifa = formato.texto_bs(c.tarifa) if c.tarifa is not None else "—"
    cambios = "".join(f"; desde el {formato.texto_fecha(d)}, {formato.texto_bs(i)}" for d, i in c.cambios_tarifa)
    pdf.parrafo(f"Tarifa: {tarifa}{cambios}. Excepciones explicadas: {c.explicadas} de {c.excepciones}. "
                "Todo el mes, sin los filtros de zona, unidad o actividad.", 8.5)
    tabla = pd.DataFrame([(rotulo, formato.texto_entero(c.conteos[k]), formato.texto_bs(c.importes[k]), que)
                          for k, (rotulo, _, que) in CATEGORIAS.items()],
                         columns=["Categoría", "Trámites", "Importe en juego", "Qué es el importe"])
    pdf.tabla(tabla, (55, 25, 40, 60), "")

    def firma(titulo, f):
        return f"{titulo}: {f[4]} ({ROLES.get(f[5], f[5])}), {formato.texto_fecha_hora(f[6])}" if f else \
            f"{titulo}: sin firmar"
    pdf.parrafo(f"{firma('Elaborado por', c.elaborado)}. {firma('Revisado por', c.revisado)}.", 8.5)


def _firmas(pdf: _Documento):
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    pdf.ln(14)
    ancho = (pdf.epw - 10) / 2
    y = pdf.get_y()
    for n, (titulo, cargo) in enumerate((
            ("Elaborado por", "Resp. Atención de Clientes"),
            ("Revisado por", "Jefa de División Gestión Relación y Experiencia del Cliente"))):
        x = pdf.l_margin + n * (ancho + 10)
        pdf.set_xy(x, y)
        pdf.set_font("DejaVu", "B", 9)
        pdf.cell(ancho, 5, titulo)
        pdf.line(x, y + 22, x + ancho, y + 22)
        pdf.set_xy(x, y + 23)
        pdf.set_font("DejaVu", "", 8)
        pdf.multi_cell(ancho, 4, f"Firma\n{cargo}\nNombre: ______________________\nFecha: ____/____/______")
