-- KPI del procedimiento OPE-SUM-GES-P08, una fila por mes de fecha de registro.
-- KPI = atendidos ÷ total de trámites de movimiento de poste, cada OT con su último estado.
-- Parámetros (NULL = sin restricción):
--   $desde, $hasta  DATE, primer día del mes; NULL = primer / último mes con órdenes de poste
--   $actividades    INTEGER[]; NULL = todas las de actividades_poste (otras actividades nunca cuentan)
--   $zonas          VARCHAR[];  $unidades VARCHAR[] (unidad operativa)
-- El rango por defecto se toma de todas las órdenes de poste, sin los filtros: así un filtro
-- no acorta la serie, y los meses que quedan vacíos salen como SIN_TRAMITES.
WITH poste AS (
    SELECT date_trunc('month', o.fecha_registro)::DATE AS mes, o.estado, o.actividad_codigo,
           o.zona, o.unidad_operativa
    FROM ordenes o
    WHERE o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
),
rango AS (
    -- Si sólo se da un extremo, el otro se extiende hasta él (un mes sin datos da una fila vacía).
    SELECT coalesce(d, least(min(mes), h))::DATE AS desde,
           coalesce(h, greatest(max(mes), d))::DATE AS hasta
    FROM (SELECT date_trunc('month', CAST($desde AS DATE)) AS d,
                 date_trunc('month', CAST($hasta AS DATE)) AS h) AS p
    LEFT JOIN poste ON true  -- una fila aunque no haya órdenes
    GROUP BY d, h
),
meses AS (
    SELECT CAST(m AS DATE) AS mes
    FROM rango, generate_series(CAST(rango.desde AS TIMESTAMP), CAST(rango.hasta AS TIMESTAMP), INTERVAL 1 MONTH) AS g(m)
),
conteos AS (
    SELECT p.mes,
           count(*) AS total,
           count(*) FILTER (WHERE p.estado = 'ATENDIDO') AS atendidos,
           count(*) FILTER (WHERE p.estado = 'REGISTRADO') AS registrados,
           count(*) FILTER (WHERE p.estado = 'ANULADO') AS anulados
    FROM poste p, rango r
    WHERE p.mes BETWEEN r.desde AND r.hasta
      AND (CAST($actividades AS INTEGER[]) IS NULL OR list_contains(CAST($actividades AS INTEGER[]), p.actividad_codigo))
      AND (CAST($zonas AS VARCHAR[]) IS NULL OR list_contains(CAST($zonas AS VARCHAR[]), p.zona))
      AND (CAST($unidades AS VARCHAR[]) IS NULL OR list_contains(CAST($unidades AS VARCHAR[]), p.unidad_operativa))
    GROUP BY p.mes
),
-- Si el ajuste falta o no es un número se usa el valor del procedimiento (98).
umbral AS (
    SELECT coalesce((SELECT TRY_CAST(valor AS INTEGER) FROM ajustes WHERE clave = 'umbral_kpi'), 98) AS umbral
),
filas AS (
    SELECT m.mes,
           CAST(coalesce(c.total, 0) AS BIGINT) AS total,
           CAST(coalesce(c.atendidos, 0) AS BIGINT) AS atendidos,
           CAST(coalesce(c.registrados, 0) AS BIGINT) AS registrados,
           CAST(coalesce(c.anulados, 0) AS BIGINT) AS anulados,
           u.umbral
    FROM meses m
    CROSS JOIN umbral u
    LEFT JOIN conteos c ON c.mes = m.mes
)
SELECT mes, total, atendidos, registrados, anulados,
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
