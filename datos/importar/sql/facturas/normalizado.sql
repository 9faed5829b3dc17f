-- numerado (normalizado_t + fila, sin vacías ni pie) → la vista normalizado de las facturas. Estado, concepto y signo
-- tienen pocos valores distintos: se interpretan una vez por valor. `opciones` (con_<campo>) dice qué columnas trae el
-- archivo (sin columna de signo, un importe negativo es un crédito; sin estado, una factura nueva queda VIGENTE).
CREATE OR REPLACE TEMP TABLE estados_factura_leidos AS
SELECT t.estado_origen, m.estado
FROM (SELECT DISTINCT estado_origen FROM numerado) t
LEFT JOIN mapeo_estados_factura m ON m.valor = clave_estado(t.estado_origen);

CREATE OR REPLACE TEMP TABLE conceptos_leidos AS
SELECT concepto_txt, concepto_codigo, concepto, normalizar_valor(concepto) AS concepto_normal,
       concepto_de_poste(concepto_codigo, normalizar_valor(concepto)) AS es_poste
FROM (SELECT concepto_txt, codigo_de(concepto_txt) AS concepto_codigo, descripcion_de(concepto_txt) AS concepto
      FROM (SELECT DISTINCT concepto_txt FROM numerado));

-- CARGSIGN: DB o CR (y las palabras con que lo escriben los reportes).
CREATE OR REPLACE TEMP TABLE signos_leidos AS
SELECT signo_txt,
       CASE WHEN lower(strip_accents(signo_txt)) IN ('db', 'd', 'debito', 'debe', 'cargo', '+') THEN 'DB'
            WHEN lower(strip_accents(signo_txt)) IN ('cr', 'c', 'credito', 'haber', 'abono', '-', 'nota de credito')
                THEN 'CR' END AS signo
FROM (SELECT DISTINCT signo_txt FROM numerado);

CREATE OR REPLACE TEMP VIEW normalizado AS
SELECT
    n.pos, n.fila, n.lugar, n.factura, n.fecha_emision, n.fecha_emision_txt, n.cuenta_cobro,
    coalesce(n.solicitud_leida, n.solicitud_documento) AS solicitud, n.solicitud_leida, n.solicitud_documento,
    n.solicitud_txt, n.documento,
    c.concepto_codigo, c.concepto, c.concepto_normal, c.es_poste, n.concepto_txt,
    CASE WHEN o.con_signo THEN g.signo WHEN n.importe_leido < 0 THEN 'CR' ELSE 'DB' END AS signo, n.signo_txt,
    abs(n.importe_leido) AS importe, n.importe_leido, n.importe_txt,
    n.ci_nit, n.cliente,
    CASE WHEN o.con_estado THEN n.estado_origen ELSE '(sin estado en la exportación)' END AS estado_origen,
    CASE WHEN o.con_estado THEN e.estado ELSE 'VIGENTE' END AS estado,
    n.difiere_txt, o.con_signo, o.con_estado
FROM numerado n
CROSS JOIN opciones o
LEFT JOIN estados_factura_leidos e USING (estado_origen)
LEFT JOIN conceptos_leidos c USING (concepto_txt)
LEFT JOIN signos_leidos g USING (signo_txt);

-- Cada cargo con su clave (facturas_lineas.linea): factura, signo y a qué apunta (la solicitud, o el documento si no
-- es «PP-…»). Nada que una forma de exportar traiga y otra no: el mismo cargo bajado como reporte de caja o como
-- consulta OSF es el mismo cargo.
CREATE OR REPLACE TEMP VIEW normalizado_lineas AS
SELECT *, concat_ws('|', factura, signo, coalesce(solicitud, documento, '')) AS linea
FROM normalizado;

-- Las filas repetidas (el mismo cargo): idénticas se colapsan; con datos distintos son un problema.
CREATE OR REPLACE TEMP TABLE lineas_repetidas AS
SELECT linea, count(*) AS veces, count(DISTINCT (concepto_codigo, concepto, importe, fecha_emision, estado_origen,
                                                 ci_nit, cliente)) AS variantes
FROM normalizado_lineas
WHERE factura IS NOT NULL
GROUP BY linea HAVING count(*) > 1;
