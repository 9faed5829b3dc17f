-- Todos los problemas del archivo, uno por fila y columna (los estados desconocidos, agrupados).
-- Cada rama filtra `numerado` (sin uniones) y sólo las filas con problema pasan por `normalizado`: en un archivo
-- sano esto es un recorrido barato, no un millón de búsquedas en los mapas.
WITH fechas_malas AS (
    SELECT fila, 'fecha_registro' AS columna, fecha_registro_txt AS valor FROM numerado WHERE fecha_registro_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_atencion', fecha_atencion_txt FROM numerado WHERE fecha_atencion_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_anulacion', fecha_anulacion_txt FROM numerado WHERE fecha_anulacion_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_limite', fecha_limite_txt FROM numerado WHERE fecha_limite_txt IS NOT NULL
), estados_malos AS (
    SELECT fila, estado_origen, row_number() OVER (PARTITION BY estado_origen ORDER BY fila) AS rn
    FROM numerado
    WHERE estado_origen IN (SELECT estado_origen FROM estados_leidos WHERE estado IS NULL AND estado_origen IS NOT NULL)
), repetidas AS (
    SELECT * FROM normalizado WHERE ot IN (SELECT ot FROM ot_repetidas)
)
SELECT fila, 'ot' AS campo, ot_txt AS valor,
       CASE WHEN nullif(trim(ot_txt), '') IS NULL THEN 'Falta el número de orden.'
            ELSE 'El número de orden no es un número entero.' END AS problema,
       'Complete el número de orden (OT) tal como figura en Smartflex.' AS que_hacer
FROM numerado WHERE ot IS NULL
UNION ALL
SELECT fila, 'actividad', actividad_txt,
       CASE WHEN actividad_txt IS NULL THEN 'Falta la actividad.'
            ELSE 'La actividad no tiene código numérico.' END,
       'La actividad debe empezar con su código, p. ej. «52137 - Servicio de Ingeniería…».'
FROM numerado
WHERE actividad_txt IS NULL
   OR actividad_txt IN (SELECT actividad_txt FROM actividades_leidas WHERE actividad_codigo IS NULL)
UNION ALL
SELECT fila, 'estado', NULL, 'Falta el estado.', 'Complete el estado de la orden.'
FROM numerado WHERE estado_origen IS NULL
UNION ALL
SELECT min(fila), 'estado', estado_origen,
       'Estado desconocido, en ' || count(*) || ' fila(s)' ||
       CASE WHEN count(*) > 1 THEN ' (' || string_agg(fila::VARCHAR, ', ' ORDER BY fila) FILTER (WHERE rn <= 10)
            || CASE WHEN count(*) > 10 THEN ', …' ELSE '' END || ')' ELSE '' END || '.',
       'Un administrador debe indicar en «Administración» a qué estado (REGISTRADO, ATENDIDO o ANULADO) corresponde; no se adivina.'
FROM estados_malos
GROUP BY estado_origen
UNION ALL
SELECT fila, 'fecha_registro', NULL, 'Falta la fecha de registro.', 'Complete la fecha de registro (define el mes del indicador).'
FROM numerado WHERE fecha_registro IS NULL AND fecha_registro_txt IS NULL
UNION ALL
SELECT fila, columna, valor,
       CASE WHEN regexp_full_match(trim(valor), '\d{1,2}[/-]\d{1,2}[/-]\d{4}.*|\d{4}-\d{1,2}-\d{1,2}.*')
            THEN 'Fecha imposible (ese día no existe en el calendario).'
            ELSE 'Fecha ilegible.' END,
       'Use día/mes/año (dd/mm/aaaa hh:mm) o año-mes-día; revise la fecha en Smartflex.'
FROM fechas_malas
UNION ALL
SELECT min(fila), 'ot', ot::VARCHAR,
       'La misma orden aparece ' || count(*) || ' veces con datos distintos (filas ' ||
       string_agg(fila::VARCHAR, ', ' ORDER BY fila) || ').',
       'Deje una sola fila por orden, o vuelva a exportar: una OT no puede tener dos estados en el mismo archivo.'
FROM repetidas
GROUP BY ot
HAVING count(DISTINCT (solicitud, actividad_codigo, actividad, estado_origen, estado, fecha_registro, fecha_atencion,
                       fecha_anulacion, causal, fecha_limite, unidad_operativa, tecnico, cliente, ci_nit, direccion,
                       zona, observacion)) > 1
ORDER BY 1, 2;
