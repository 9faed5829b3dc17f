-- KPI del procedimiento OPE-SUM-GES-P08, una fila por mes de fecha de registro.
-- KPI = atendidos ÷ total de trámites de movimiento de poste, cada OT con su último estado.
-- Parámetros (NULL = sin restricción):
--   $desde, $hasta  DATE, primer día del mes; NULL = primer / último mes con órdenes de poste
--   $actividades    INTEGER[]; NULL = todas las de actividades_poste (otras actividades nunca cuentan)
--   $zonas          VARCHAR[];  $unidades VARCHAR[] (unidad operativa: la clave de semaforo_opciones
--                   —código, o nombre normalizado si no trae código— o el nombre en cualquier ortografía)
-- El rango por defecto se toma de todas las órdenes de poste, sin los filtros: así un filtro
-- no acorta la serie, y los meses que quedan vacíos salen como SIN_TRAMITES.
-- Las unidades de $unidades como códigos y como los nombres tal como vienen en las órdenes: normalizar_valor
-- (expresiones regulares) corre sobre los nombres distintos y no sobre cada orden (1 M de órdenes, una unidad
-- elegida: ~60 ms; normalizando cada orden, ~180 ms). Sin $unidades no se lee nada.
WITH elegidas AS (
    SELECT list_transform(CAST($unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT unidad_operativa) FROM ordenes
                        WHERE CAST($unidades AS VARCHAR[]) IS NOT NULL
                          AND actividad_codigo IN (SELECT codigo FROM actividades_poste)),
                       lambda n: list_contains(list_transform(CAST($unidades AS VARCHAR[]),
                                                              lambda u: normalizar_valor(u)),
                                               normalizar_valor(n))) AS nombres
),
-- Una sola lectura de las órdenes: cada orden de poste del rango, con su mes y si pasa los filtros.
por_mes AS (
    SELECT date_trunc('month', fecha_registro)::DATE AS mes,
           count(*) FILTER (WHERE elegida) AS total,
           count(*) FILTER (WHERE elegida AND estado = 'ATENDIDO') AS atendidos,
           count(*) FILTER (WHERE elegida AND estado = 'REGISTRADO') AS registrados,
           count(*) FILTER (WHERE elegida AND estado = 'ANULADO') AS anulados
    FROM (
        SELECT o.fecha_registro, o.estado,
               (CAST($actividades AS INTEGER[]) IS NULL OR list_contains(CAST($actividades AS INTEGER[]), o.actividad_codigo))
               AND (CAST($zonas AS VARCHAR[]) IS NULL OR list_contains(CAST($zonas AS VARCHAR[]), o.zona))
               AND (CAST($unidades AS VARCHAR[]) IS NULL
                    OR list_contains(e.codigos, o.unidad_codigo) OR list_contains(e.nombres, o.unidad_operativa))
               AS elegida
        FROM ordenes o, elegidas e
        WHERE o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
          AND (CAST($desde AS DATE) IS NULL OR o.fecha_registro >= date_trunc('month', CAST($desde AS DATE)))
          AND (CAST($hasta AS DATE) IS NULL OR o.fecha_registro < date_trunc('month', CAST($hasta AS DATE)) + INTERVAL 1 MONTH)
    )
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
