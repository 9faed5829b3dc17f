-- La conciliación del mes `mes` (DISENO §8): una fila por trámite de poste cuya primera OT se registró en el mes, en
-- exactamente una categoría, y una por factura de poste del mes cuya solicitud no es de una orden de poste conocida.
--
-- Trámite: el del KPI (tramites_poste): las órdenes de poste de una solicitud (PACKAGE_ID); su mes es el de su primera
-- OT y su estado el de sus órdenes (estado_tramite: ATENDIDO si alguna lo está, si no REGISTRADO si alguna lo está, si
-- no ANULADO). Una orden sin N° de solicitud es su propio trámite (no se puede vincular a una factura). Se arma aquí
-- sólo con las solicitudes del mes y no desde tramites_poste, que lee las de todos los meses.
--
-- Factura válida = VIGENTE (no anulada) y neta de notas de crédito. Regla de neteo, por trámite:
--   1. los cargos CR de una factura que también tiene cargos DB del trámite se restan de esa factura (neto propio);
--   2. las notas de crédito (facturas vigentes con sólo cargos CR del trámite) se suman y se descuentan de las
--      facturas del trámite de la más reciente a la más antigua (la duplicada es la posterior): una factura cubierta
--      entera queda cancelada; la siguiente recibe el resto;
--   3. válidas = las que quedan con neto > 0. Una cancelada por nota de crédito cuenta como anulada (categoría 5).
-- Los cargos de una factura ANULADA no cuentan (tampoco sus créditos).
--
-- Categorías, en este orden: duplicadas (≥ 2 válidas), importe_distinto (1 válida cuyo neto ≠ tarifa en vigor el día
-- de la factura), cobrada_con_orden_anulada, conciliadas, anulada_con_orden_atendida (ninguna válida, alguna anulada,
-- OT atendida), sin_factura; y factura_sin_tramite. Importe en juego: duplicadas, lo cobrado de más (las válidas
-- salvo la primera); importe_distinto, la diferencia; cobrada_con_orden_anulada, lo que hay que devolver;
-- conciliadas, lo conciliado; anulada_con_orden_atendida y sin_factura, la tarifa sin cobrar (la del día de
-- registro); factura_sin_tramite, el neto de la factura.
-- Marcas informativas: ci_distinto (el CI/NIT de una factura válida no es el de la orden) y otro_mes (una factura
-- válida es de otro mes que la OT).
CREATE OR REPLACE MACRO conciliacion_del_mes(mes) AS TABLE
WITH
del_mes AS (
    SELECT solicitud, ot, estado, fecha_registro, cliente, ci_nit
    FROM ordenes_del_periodo(date_trunc('month', CAST(mes AS DATE)),
                             date_trunc('month', CAST(mes AS DATE)) + INTERVAL 1 MONTH - INTERVAL 1 DAY)
),
-- Los cargos de las facturas emitidas en el mes (de ahí salen las facturas sin trámite).
lineas_mes AS (
    SELECT factura, solicitud FROM facturas_lineas
    WHERE factura IN (SELECT factura FROM facturas
                      WHERE fecha_emision >= date_trunc('month', CAST(mes AS DATE))
                        AND fecha_emision < date_trunc('month', CAST(mes AS DATE)) + INTERVAL 1 MONTH)
),
-- Una sola lectura de las órdenes de poste por solicitud (con 1 M de órdenes, ~30 ms: leer las solicitudes es lo caro):
-- las de las solicitudes del mes y las de las solicitudes de las facturas del mes.
de_las_solicitudes AS (
    SELECT solicitud, ot, estado, fecha_registro, cliente, ci_nit FROM ordenes_poste
    WHERE solicitud IN (SELECT solicitud FROM del_mes UNION SELECT solicitud FROM lineas_mes)
),
tramites AS (
    SELECT * FROM (
    SELECT clave_tramite(solicitud, NULL) AS clave, solicitud, min(fecha_registro) AS registro,
           estado_tramite(bool_or(estado = 'ATENDIDO'), bool_or(estado = 'REGISTRADO')) AS estado,
           -- la orden que da el estado del trámite (a igual estado, la más reciente): la que se abre en la ficha
           arg_max(ot, (CASE estado WHEN 'ATENDIDO' THEN 3 WHEN 'REGISTRADO' THEN 2 ELSE 1 END, fecha_registro, ot))
               AS ot,
           list(ot ORDER BY fecha_registro, ot) AS ots,
           arg_max(cliente, (CASE estado WHEN 'ATENDIDO' THEN 3 WHEN 'REGISTRADO' THEN 2 ELSE 1 END, fecha_registro,
                             ot)) AS cliente,
           arg_max(ci_nit, (CASE estado WHEN 'ATENDIDO' THEN 3 WHEN 'REGISTRADO' THEN 2 ELSE 1 END, fecha_registro,
                            ot)) AS ci_nit
    FROM de_las_solicitudes
    WHERE solicitud IN (SELECT solicitud FROM del_mes)
    GROUP BY solicitud)
    WHERE registro >= date_trunc('month', CAST(mes AS DATE))  -- su primera OT es de este mes
    UNION ALL
    SELECT clave_tramite(NULL, ot), NULL, fecha_registro, estado, ot, [ot], cliente, ci_nit
    FROM del_mes WHERE solicitud IS NULL
),
-- Grupos de las facturas del mes que no apuntan a una solicitud de poste conocida (la solicitud, o la factura si no
-- trae): sus notas de crédito pueden ser de otro mes.
sin_tramite AS (
    SELECT DISTINCT coalesce(solicitud, '#' || factura) AS grupo FROM lineas_mes
    WHERE solicitud IS NULL OR solicitud NOT IN (SELECT solicitud FROM de_las_solicitudes)
),
-- Los cargos de poste que se concilian (los de los trámites y los de esos grupos), con los datos de su factura. Se
-- filtra facturas_lineas antes de unirla con facturas (cargos_poste uniría las 100.000 facturas).
lineas AS (
    SELECT * FROM facturas_lineas
    WHERE solicitud IN (SELECT solicitud FROM tramites)
       OR coalesce(solicitud, '#' || factura) IN (SELECT grupo FROM sin_tramite)
),
cargos AS (
    SELECT coalesce(t.clave, 'X:' || coalesce(l.solicitud, '#' || l.factura)) AS clave, l.factura, l.solicitud,
           l.signo, l.importe, f.fecha_emision, f.estado, f.cliente, f.ci_nit
    FROM lineas l
    JOIN facturas f ON f.factura = l.factura
    LEFT JOIN tramites t ON t.solicitud = l.solicitud
    WHERE concepto_de_poste(l.concepto_codigo, l.concepto_normal)
),
por_factura AS (
    SELECT clave, factura, any_value(fecha_emision) AS fecha_emision, any_value(estado) AS estado,
           any_value(cliente) AS cliente, any_value(ci_nit) AS ci_nit,
           coalesce(sum(importe) FILTER (WHERE signo = 'DB'), 0) AS debito,
           coalesce(sum(importe) FILTER (WHERE signo = 'CR'), 0) AS credito
    FROM cargos
    GROUP BY clave, factura
),
-- El neteo (regla de arriba) en una pasada: `notas`, el total de las notas de crédito del trámite; `acumulado`, la suma
-- de los netos propios de sus facturas vigentes con débito, de la más reciente hacia atrás.
valoradas AS (
    SELECT *, estado = 'VIGENTE' AND debito > 0 AS con_debito,
           coalesce(sum(credito) FILTER (WHERE estado = 'VIGENTE' AND debito = 0) OVER (PARTITION BY clave), 0)
               AS notas,
           sum(CASE WHEN estado = 'VIGENTE' AND debito > 0 THEN greatest(debito - credito, 0) ELSE 0 END)
               OVER (PARTITION BY clave ORDER BY fecha_emision DESC, factura DESC ROWS UNBOUNDED PRECEDING) AS acumulado
    FROM por_factura
),
netos AS (
    SELECT *,
           CASE WHEN NOT con_debito OR debito - credito <= 0 OR acumulado <= notas THEN 0
                WHEN acumulado - (debito - credito) < notas THEN acumulado - notas
                ELSE debito - credito END AS neto
    FROM valoradas
),
detalle AS (
    SELECT *, CASE WHEN estado = 'ANULADA' THEN 'ANULADA'
                   WHEN debito = 0 THEN 'NOTA DE CRÉDITO'
                   WHEN neto > 0 THEN 'VIGENTE'
                   ELSE 'CANCELADA CON NOTA DE CRÉDITO' END AS situacion
    FROM netos
),
-- Las facturas de cada trámite en una lista ordenada por fecha (list_sort ordena por el primer campo): de ella salen
-- las válidas, su neto, la primera y las anuladas. Una sola agregación: cada una cuesta ~5–10 ms con 4.000 trámites.
resumen AS (
    SELECT clave, list_sort(list({
        'fecha_emision': fecha_emision, 'factura': factura, 'debito': debito, 'credito': credito, 'neto': neto,
        'situacion': situacion, 'cliente': cliente, 'ci_nit': ci_nit})) AS facturas
    FROM detalle
    GROUP BY clave
),
-- Las tarifas como una lista (desde, importe) ordenada: la de una fecha es la última que no la pasa. Con 4.000
-- trámites, buscar en la lista cuesta menos que un ASOF JOIN (~40 ms menos, medido).
tarifas_lista AS (
    SELECT list({'desde': desde, 'importe': importe} ORDER BY desde) AS tarifas FROM tarifas
),
con_tarifa AS (
    SELECT t.*, list_filter(tl.tarifas, lambda x: x.desde <= CAST(t.fecha_tarifa AS DATE))[-1].importe AS tarifa
    FROM (SELECT t.*, coalesce(v.facturas, []) AS facturas, v.validas, v.neto, v.validas[1].neto AS neto_primera,
                 v.anuladas, coalesce(v.validas[1].fecha_emision, t.registro) AS fecha_tarifa
          FROM tramites t
          LEFT JOIN (SELECT clave, facturas,
                            list_filter(facturas, lambda f: f.neto > 0) AS validas,
                            list_sum(list_transform(list_filter(facturas, lambda f: f.neto > 0), lambda f: f.neto))
                                AS neto,
                            len(list_filter(facturas, lambda f: f.debito > 0 AND f.situacion IN
                                            ('ANULADA', 'CANCELADA CON NOTA DE CRÉDITO'))) AS anuladas
                     FROM resumen) v USING (clave)) t, tarifas_lista tl
),
clasificados AS (
    SELECT *,
           CASE WHEN len(validas) >= 2 THEN 'duplicadas'
                WHEN len(validas) = 1 AND neto <> tarifa THEN 'importe_distinto'
                WHEN len(validas) = 1 AND estado = 'ANULADO' THEN 'cobrada_con_orden_anulada'
                WHEN len(validas) = 1 THEN 'conciliadas'
                WHEN coalesce(anuladas, 0) > 0 AND estado = 'ATENDIDO' THEN 'anulada_con_orden_atendida'
                ELSE 'sin_factura' END AS categoria
    FROM con_tarifa
),
items AS (
    SELECT clave, categoria, solicitud, ot, ots, estado AS estado_orden, registro, cliente, ci_nit,
           facturas, coalesce(len(validas), 0) AS validas, coalesce(neto, 0) AS neto, tarifa,
           CAST(CASE categoria
               WHEN 'duplicadas' THEN neto - neto_primera
               WHEN 'importe_distinto' THEN abs(neto - tarifa)
               WHEN 'cobrada_con_orden_anulada' THEN neto
               WHEN 'conciliadas' THEN neto
               ELSE tarifa END AS DECIMAL(18, 2)) AS importe,
           coalesce(list_bool_or(list_transform(facturas, lambda f: f.neto > 0
                                 AND ci_numero(f.ci_nit) <> ci_numero(ci_nit))), false) AS ci_distinto,
           coalesce(list_bool_or(list_transform(facturas, lambda f: f.neto > 0
                                 AND date_trunc('month', f.fecha_emision) <> date_trunc('month', registro))), false)
               AS otro_mes
    FROM clasificados
    UNION ALL
    -- Facturas sin trámite: cada factura válida del mes de un grupo sin solicitud de poste conocida.
    SELECT 'F:' || d.factura || coalesce('/' || r.solicitud, ''), 'factura_sin_tramite', r.solicitud, NULL, [], NULL,
           NULL, d.cliente, d.ci_nit,
           [{'fecha_emision': d.fecha_emision, 'factura': d.factura, 'debito': d.debito, 'credito': d.credito,
             'neto': d.neto, 'situacion': d.situacion, 'cliente': d.cliente, 'ci_nit': d.ci_nit}],
           1, d.neto, list_filter(tl.tarifas, lambda x: x.desde <= CAST(d.fecha_emision AS DATE))[-1].importe,
           CAST(d.neto AS DECIMAL(18, 2)), false, false
    FROM detalle d
    JOIN (SELECT DISTINCT 'X:' || coalesce(solicitud, '#' || factura) AS clave, factura, solicitud FROM lineas_mes) r
        USING (clave, factura)
    CROSS JOIN tarifas_lista tl
    WHERE d.neto > 0
      AND d.fecha_emision >= date_trunc('month', CAST(mes AS DATE))
      AND d.fecha_emision < date_trunc('month', CAST(mes AS DATE)) + INTERVAL 1 MONTH
),
explicadas AS (
    SELECT clave, categoria, arg_max(id, id) AS explicacion_id, arg_max(texto, id) AS explicacion,
           arg_max(autor, id) AS explicada_por, arg_max(creado_en, id) AS explicada_en
    FROM explicaciones_vigentes
    GROUP BY clave, categoria
)
SELECT i.*,
       CASE i.categoria WHEN 'duplicadas' THEN 1 WHEN 'importe_distinto' THEN 2 WHEN 'cobrada_con_orden_anulada' THEN 3
                        WHEN 'conciliadas' THEN 4 WHEN 'anulada_con_orden_atendida' THEN 5 WHEN 'sin_factura' THEN 6
                        ELSE 7 END AS orden_categoria,
       -- la huella de las facturas («N° SITUACIÓN neto propio; …»): lo que compara una firma con el resultado de hoy
       array_to_string(list_transform(i.facturas,
                                      lambda f: f.factura || ' ' || f.situacion || ' ' || (f.debito - f.credito)), '; ')
           AS huella_facturas,
       i.categoria <> 'conciliadas' AND e.explicacion_id IS NOT NULL AS explicada,
       e.explicacion_id, e.explicacion, e.explicada_por, e.explicada_en
FROM items i
LEFT JOIN explicadas e USING (clave, categoria);
