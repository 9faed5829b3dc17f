-- KPI del procedimiento OPE-SUM-GES-P08, una fila por mes de fecha de registro.
-- KPI = atendidos ÷ total de trámites de movimiento de poste, cada OT con su último estado.
-- Parámetros (NULL = sin restricción):
--   $desde, $hasta  DATE, primer día del mes; NULL = primer / último mes con órdenes de poste
--   $actividades    INTEGER[]; NULL = todas las de actividades_poste (otras actividades nunca cuentan)
--   $zonas          VARCHAR[];  $unidades VARCHAR[] (unidad operativa: la clave de semaforo_opciones
--                   —código, o nombre normalizado si no trae código— o el nombre en cualquier ortografía)
-- El rango por defecto se toma de todas las órdenes de poste, sin los filtros: así un filtro
-- no acorta la serie, y los meses que quedan vacíos salen como SIN_TRAMITES.
-- Lee: ordenes_del_kpi, en una sola lectura: cada orden de poste del rango, con si pasa los filtros (`elegida`).
WITH por_mes AS (
    SELECT date_trunc('month', fecha_registro)::DATE AS mes,
           count(*) FILTER (WHERE elegida) AS total,
           count(*) FILTER (WHERE elegida AND estado = 'ATENDIDO') AS atendidos,
           count(*) FILTER (WHERE elegida AND estado = 'REGISTRADO') AS registrados,
           count(*) FILTER (WHERE elegida AND estado = 'ANULADO') AS anulados
    -- Del primer día del mes $desde al último del mes $hasta.
    FROM ordenes_del_kpi(date_trunc('month', CAST($desde AS DATE)), last_day(CAST($hasta AS DATE)),
                         $actividades, $zonas, $unidades)
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
           -- Si el ajuste falta o no es un número se usa el valor del procedimiento (98).
           (SELECT coalesce(TRY_CAST(any_value(valor) AS INTEGER), 98) FROM ajustes WHERE clave = 'umbral_kpi') AS umbral
    FROM (SELECT CAST(unnest(generate_series(desde, hasta, INTERVAL 1 MONTH)) AS DATE) AS mes FROM rango) m
    LEFT JOIN por_mes c ON c.mes = m.mes
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
