-- El archivo (una fila por factura, una por cargo) frente a la base. Un campo que el archivo no trae ($con_*)
-- conserva el valor anterior de la factura; uno que sí trae lo reemplaza. Una emisión sin hora (sin_hora_emision)
-- no borra la hora que ya se conocía de ese mismo día (fecha_mas_precisa).
CREATE OR REPLACE TEMP TABLE lote_facturas AS
SELECT factura, any_value(fecha_emision) AS fecha_emision, any_value(estado) AS estado,
       any_value(estado_origen) AS estado_origen, any_value(cliente) AS cliente, any_value(ci_nit) AS ci_nit
FROM normalizado
GROUP BY factura;

CREATE OR REPLACE TEMP TABLE lote_lineas AS
SELECT DISTINCT linea, factura, cuenta_cobro, solicitud, documento, concepto_codigo, concepto, concepto_normal, signo,
       importe, es_poste
FROM normalizado_lineas;

CREATE OR REPLACE TEMP TABLE facturas_existentes AS
WITH f AS (
    SELECT l.factura, fecha_mas_precisa(l.fecha_emision, o.fecha_emision, $sin_hora_emision) AS fecha_emision,
           CASE WHEN $con_estado THEN l.estado ELSE o.estado END AS estado,
           CASE WHEN $con_estado THEN l.estado_origen ELSE o.estado_origen END AS estado_origen,
           CASE WHEN $con_cliente THEN l.cliente ELSE o.cliente END AS cliente,
           CASE WHEN $con_ci_nit THEN l.ci_nit ELSE o.ci_nit END AS ci_nit,
           o.estado AS estado_anterior, o.estado_origen AS origen_anterior,
           (o.fecha_emision, o.estado, o.estado_origen, o.cliente, o.ci_nit) AS antes
    FROM lote_facturas l
    JOIN facturas o USING (factura)
)
SELECT * EXCLUDE (antes),
       estado_anterior <> estado OR origen_anterior <> estado_origen AS cambia_estado,
       (fecha_emision, estado, estado_origen, cliente, ci_nit) IS NOT DISTINCT FROM antes AS igual
FROM f;

-- Un cargo que ya estaba: su fila final (lo que el archivo no trae, como estaba) y si cambió.
CREATE OR REPLACE TEMP TABLE lineas_existentes AS
WITH f AS (
    SELECT l.linea, l.factura,
           CASE WHEN $con_cuenta_cobro THEN l.cuenta_cobro ELSE o.cuenta_cobro END AS cuenta_cobro,
           coalesce(l.solicitud, o.solicitud) AS solicitud,
           CASE WHEN $con_documento THEN l.documento ELSE o.documento END AS documento,
           CASE WHEN $con_concepto THEN l.concepto_codigo ELSE o.concepto_codigo END AS concepto_codigo,
           CASE WHEN $con_concepto THEN l.concepto ELSE o.concepto END AS concepto,
           CASE WHEN $con_concepto THEN l.concepto_normal ELSE o.concepto_normal END AS concepto_normal,
           l.signo, l.importe,
           (o.cuenta_cobro, o.solicitud, o.documento, o.concepto_codigo, o.concepto, o.concepto_normal, o.importe)
               AS antes
    FROM lote_lineas l
    JOIN facturas_lineas o USING (linea)
)
SELECT * EXCLUDE (antes),
       (cuenta_cobro, solicitud, documento, concepto_codigo, concepto, concepto_normal, importe)
       IS NOT DISTINCT FROM antes AS igual
FROM f;

-- Lo que cuenta el resumen, por factura: nuevas, actualizadas (ella o alguno de sus cargos) y sin cambio.
WITH cambiadas AS (
    SELECT factura FROM facturas_existentes WHERE NOT igual
    UNION SELECT factura FROM lineas_existentes WHERE NOT igual
    UNION SELECT factura FROM lote_lineas ANTI JOIN lineas_existentes USING (linea)
)
SELECT (SELECT count(*) FROM lote_facturas ANTI JOIN facturas_existentes USING (factura)),
       count(*) FILTER (WHERE factura IN (SELECT factura FROM cambiadas)),
       count(*) FILTER (WHERE factura NOT IN (SELECT factura FROM cambiadas))
FROM facturas_existentes;
