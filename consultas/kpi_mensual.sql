-- KPI del procedimiento OPE-SUM-GES-P08, una fila por mes: trámites ATENDIDOS ÷ total de trámites de movimiento de
-- poste (consultas/modelo/tramites_poste.sql: el trámite, su mes —el de su primera OT— y su estado). Junto a cada
-- cuenta de trámites, cuántas OT hay detrás (ot_total, ot_atendidos…: las OT de poste de esos trámites).
-- Parámetros (NULL = sin restricción):
--   $desde, $hasta  DATE, primer día del mes; NULL = primer / último mes con trámites de poste
--   $actividades    INTEGER[]; NULL = todas las de actividades_poste (otras actividades nunca cuentan)
--   $zonas          VARCHAR[];  $unidades VARCHAR[] (unidad operativa: la clave de semaforo_opciones
--                   —código, o nombre normalizado si no trae código— o el nombre en cualquier ortografía)
--   Los filtros eligen trámites por sus OT: cuenta el trámite con alguna OT que los pasa.
-- El rango por defecto se toma de todos los trámites de poste, sin los filtros: así un filtro
-- no acorta la serie, y los meses que quedan vacíos salen como SIN_TRAMITES.
-- Lee: tramites_poste, en una sola lectura: cada trámite, con si pasa los filtros (`elegida`).
WITH por_mes AS (
    SELECT date_trunc('month', registro)::DATE AS mes,
           count(*) FILTER (WHERE elegida) AS total,
           count(*) FILTER (WHERE elegida AND estado = 'ATENDIDO') AS atendidos,
           count(*) FILTER (WHERE elegida AND estado = 'REGISTRADO') AS registrados,
           count(*) FILTER (WHERE elegida AND estado = 'ANULADO') AS anulados,
           sum(ots) FILTER (WHERE elegida) AS ot_total,
           sum(ots) FILTER (WHERE elegida AND estado = 'ATENDIDO') AS ot_atendidos,
           sum(ots) FILTER (WHERE elegida AND estado = 'REGISTRADO') AS ot_registrados,
           sum(ots) FILTER (WHERE elegida AND estado = 'ANULADO') AS ot_anulados
    FROM tramites_poste($actividades, $zonas, $unidades)
    -- Del primer día del mes $desde al último del mes $hasta.
    WHERE en_periodo(registro, date_trunc('month', CAST($desde AS DATE)), last_day(CAST($hasta AS DATE)))
    GROUP BY 1
),
-- Si sólo se da un extremo, el otro se extiende hasta él (un mes sin datos da una fila vacía).
-- Con el rango ya aplicado a la lectura, min/max de por_mes coinciden con los de todas las órdenes.
rango AS (
    SELECT coalesce(date_trunc('month', CAST($desde AS DATE)), least(min(mes), date_trunc('month', CAST($hasta AS DATE)))) AS desde,
           coalesce(date_trunc('month', CAST($hasta AS DATE)), greatest(max(mes), date_trunc('month', CAST($desde AS DATE)))) AS hasta
    FROM por_mes
),
filas AS (
    SELECT m.mes,
           coalesce(c.total, 0) AS total, coalesce(c.atendidos, 0) AS atendidos,
           coalesce(c.registrados, 0) AS registrados, coalesce(c.anulados, 0) AS anulados,
           CAST(coalesce(c.ot_total, 0) AS BIGINT) AS ot_total, CAST(coalesce(c.ot_atendidos, 0) AS BIGINT) AS ot_atendidos,
           CAST(coalesce(c.ot_registrados, 0) AS BIGINT) AS ot_registrados,
           CAST(coalesce(c.ot_anulados, 0) AS BIGINT) AS ot_anulados,
           -- Si el ajuste falta o no es un número se usa el valor del procedimiento (98).
           (SELECT coalesce(TRY_CAST(any_value(valor) AS INTEGER), 98) FROM ajustes WHERE clave = 'umbral_kpi') AS umbral
    FROM (SELECT CAST(unnest(generate_series(desde, hasta, INTERVAL 1 MONTH)) AS DATE) AS mes FROM rango) m
    LEFT JOIN por_mes c ON c.mes = m.mes
)
SELECT mes, total, atendidos, registrados, anulados, ot_total, ot_atendidos, ot_registrados, ot_anulados,
       -- Truncado, nunca redondeado: 48/49 da 9795, no 9796 ni 9800.
       CASE WHEN total > 0 THEN CAST(atendidos * 10000 // total AS INTEGER) END AS centesimas,
       CASE WHEN total > 0 THEN CAST(CAST(atendidos * 10000 // total AS INTEGER) / 100 AS DECIMAL(5, 2)) END AS porcentaje,
       -- Comparación en enteros: sin redondeos de coma flotante en el umbral.
       CASE WHEN total = 0 THEN 'SIN_TRAMITES'
            WHEN atendidos * 100 >= umbral * total THEN 'APROBADO'
            ELSE 'OBSERVADO' END AS estado,
       registrados > 0 AS preliminar,
       umbral
FROM filas
ORDER BY mes
