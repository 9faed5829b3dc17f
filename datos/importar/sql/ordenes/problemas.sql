-- Todos los problemas del archivo, uno por fila y columna (los estados desconocidos, agrupados).
-- Cada rama filtra `numerado` (sin uniones) y sólo las filas con problema pasan por `normalizado`: en un archivo
-- sano esto es un recorrido barato, no un millón de búsquedas en los mapas.
WITH fechas_malas AS (  -- ilegibles (las leídas pero imposibles van en fechas_imposibles)
    SELECT fila, 'fecha_registro' AS columna, fecha_registro_txt AS valor FROM numerado
    WHERE fecha_registro_txt IS NOT NULL AND fecha_registro IS NULL
    UNION ALL
    SELECT fila, 'fecha_atencion', fecha_atencion_txt FROM numerado
    WHERE fecha_atencion_txt IS NOT NULL AND fecha_atencion IS NULL
    UNION ALL
    SELECT fila, 'fecha_anulacion', fecha_anulacion_txt FROM numerado
    WHERE fecha_anulacion_txt IS NOT NULL AND fecha_anulacion IS NULL
    UNION ALL
    SELECT fila, 'fecha_limite', fecha_limite_txt FROM numerado
    WHERE fecha_limite_txt IS NOT NULL AND fecha_limite IS NULL
), estados_malos AS (
    SELECT fila, lugar, estado_origen, row_number() OVER (PARTITION BY estado_origen ORDER BY fila) AS rn
    FROM numerado
    WHERE estado_origen IN (SELECT estado_origen FROM estados_leidos WHERE estado IS NULL AND estado_origen IS NOT NULL)
), fechas_imposibles AS (
    -- Plausibilidad (normalizar.sql guarda el texto de la fecha leída que cae fuera): registro, atención y anulación
    -- entre 2000 y mañana; la fecha límite puede estar adelante, hasta cinco años. Un año 0026 o 2206 nunca se guarda.
    SELECT fila, 'fecha_registro' AS columna, fecha_registro AS fecha, fecha_registro_txt AS texto, false AS limite
    FROM numerado WHERE fecha_registro IS NOT NULL AND fecha_registro_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_atencion', fecha_atencion, fecha_atencion_txt, false
    FROM numerado WHERE fecha_atencion IS NOT NULL AND fecha_atencion_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_anulacion', fecha_anulacion, fecha_anulacion_txt, false
    FROM numerado WHERE fecha_anulacion IS NOT NULL AND fecha_anulacion_txt IS NOT NULL
    UNION ALL
    SELECT fila, 'fecha_limite', fecha_limite, fecha_limite_txt, true
    FROM numerado WHERE fecha_limite IS NOT NULL AND fecha_limite_txt IS NOT NULL
), repetidas AS (
    SELECT * FROM normalizado WHERE ot IN (SELECT ot FROM ot_repetidas)
), valores AS (
    -- Cada campo de cada fila de una OT repetida, como se muestra. La actividad puede variar (una OT con varias
    -- actividades); con el mismo código, no: su `clave` es el código y difiere si hay más textos que códigos.
    SELECT ot, fila, v.orden, v.campo, v.clave, coalesce(v.valor, '(vacío)') AS valor
    FROM (SELECT ot, fila, unnest([
        {'orden': 1, 'campo': 'solicitud', 'clave': NULL, 'valor': solicitud},
        {'orden': 2, 'campo': 'actividad', 'clave': actividad_codigo::VARCHAR,
         'valor': concat_ws(' - ', actividad_codigo, actividad)},
        {'orden': 3, 'campo': 'estado', 'clave': NULL, 'valor': estado_origen},
        {'orden': 4, 'campo': 'fecha_registro', 'clave': NULL, 'valor': fecha_vista(fecha_registro)},
        {'orden': 5, 'campo': 'fecha_atencion', 'clave': NULL, 'valor': fecha_vista(fecha_atencion)},
        {'orden': 6, 'campo': 'fecha_anulacion', 'clave': NULL, 'valor': fecha_vista(fecha_anulacion)},
        {'orden': 7, 'campo': 'causal', 'clave': NULL, 'valor': concat_ws(' - ', causal_codigo, causal)},
        {'orden': 8, 'campo': 'causal_clase', 'clave': NULL, 'valor': causal_clase::VARCHAR},
        {'orden': 9, 'campo': 'fecha_limite', 'clave': NULL, 'valor': fecha_vista(fecha_limite)},
        {'orden': 10, 'campo': 'unidad_operativa', 'clave': NULL,
         'valor': concat_ws(' - ', unidad_codigo, unidad_operativa)},
        {'orden': 11, 'campo': 'tipo_trabajo', 'clave': NULL,
         'valor': concat_ws(' - ', tipo_trabajo_codigo, tipo_trabajo)},
        {'orden': 12, 'campo': 'tecnico', 'clave': NULL, 'valor': tecnico},
        {'orden': 13, 'campo': 'cliente', 'clave': NULL, 'valor': cliente},
        {'orden': 14, 'campo': 'ci_nit', 'clave': NULL, 'valor': ci_nit},
        {'orden': 15, 'campo': 'direccion', 'clave': NULL, 'valor': direccion},
        {'orden': 16, 'campo': 'zona', 'clave': NULL, 'valor': zona},
        {'orden': 17, 'campo': 'observacion', 'clave': NULL, 'valor': observacion}]) AS v
          FROM repetidas)
), difieren AS (
    -- Sólo las columnas que difieren, con sus valores en el orden del archivo: «Estado: 8 - CERRADA / 12 - ANULADA».
    SELECT ot, string_agg(coalesce(c.columna, d.campo) || ': ' || d.valores, '; ' ORDER BY d.orden) AS texto
    FROM (SELECT ot, campo, any_value(orden) AS orden, string_agg(valor, ' / ' ORDER BY primera) AS valores
          FROM (SELECT ot, campo, orden, clave, valor, min(fila) AS primera FROM valores GROUP BY ALL)
          GROUP BY ot, campo
          HAVING count(DISTINCT valor) > count(DISTINCT coalesce(clave, ''))) d
    LEFT JOIN columnas_leidas c USING (campo)
    GROUP BY ot
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
       'Estado desconocido, en ' || count(*) || ' fila(s)' || lugares_de_filas(lugar, fila, rn) || '.',
       'Un administrador debe indicar en «Administración» a qué estado (REGISTRADO, ATENDIDO o ANULADO) corresponde; no se adivina.'
FROM estados_malos
GROUP BY estado_origen
UNION ALL
SELECT fila, 'fecha_registro', NULL, 'Falta la fecha de registro.', 'Complete la fecha de registro (define el mes del indicador).'
FROM numerado WHERE fecha_registro IS NULL AND fecha_registro_txt IS NULL
UNION ALL
SELECT fila, columna, valor,
       CASE WHEN regexp_full_match(trim(valor), '\d{1,2}[/-]\d{1,2}[/-](\d{2}|\d{4})(\D.*)?|\d{4}-\d{1,2}-\d{1,2}.*')
            THEN 'Fecha imposible (ese día no existe en el calendario).'
            ELSE 'Fecha ilegible.' END,
       'Use día/mes/año (dd/mm/aaaa hh:mm), año-mes-día o el formato de Oracle (dd/mm/rr, dd-mon-rr); '
       || 'revise la fecha en Smartflex.'
FROM fechas_malas
UNION ALL
SELECT fila, columna, texto,
       'año ' || lpad(year(fecha)::VARCHAR, 4, '0') || ': ' ||
       CASE WHEN fecha < TIMESTAMP '2000-01-01' THEN 'fecha anterior al 01/01/2000.'
            WHEN limite THEN 'fecha límite a más de cinco años.'
            WHEN year(fecha) > year(CAST($hoy AS DATE)) + 1 THEN 'fecha en el futuro.'
            ELSE 'fecha posterior a mañana (hoy es ' || strftime(CAST($hoy AS DATE), '%d/%m/%Y') || ').' END,
       'Revise la fecha en Smartflex (¿año mal escrito?) y vuelva a exportar; no se guarda una fecha imposible.'
FROM fechas_imposibles
UNION ALL
SELECT fila, 'causal_clase', causal_clase_txt, 'Clase de causal desconocida.',
       'Use 1 (éxito) o 2 (fallo), como GE_CAUSAL.CLASS_CAUSAL_ID.'
FROM normalizado WHERE causal_clase_txt IS NOT NULL AND causal_clase IS NULL
UNION ALL
-- Dos columnas con el mismo encabezado (un join exportado dos veces) con valores distintos: la importación
-- arma el texto (nombra ambas columnas por su letra); aquí, la primera fila y cuántas.
SELECT min(fila), 'repetida', d, count(*)::VARCHAR, ''
FROM (SELECT fila, unnest(string_split(difiere_txt, ',')) AS d FROM numerado WHERE difiere_txt IS NOT NULL)
GROUP BY d
UNION ALL
-- Una OT en varias filas que difieren en algo más que la actividad: se nombran sólo las columnas que difieren.
SELECT min(r.fila), 'ot', r.ot::VARCHAR,
       'La misma orden aparece ' || count(*) || ' veces con datos distintos (filas ' ||
       CASE WHEN count(r.lugar) > 0 THEN array_to_string(list(coalesce(r.lugar, r.fila::VARCHAR) ORDER BY r.fila), '; ')
            ELSE array_to_string(list(coalesce(r.lugar, r.fila::VARCHAR) ORDER BY r.fila), ', ') END
       || '): ' || d.texto || '.',
       'Una OT puede venir en varias filas sólo si difieren en la actividad (una por actividad); en todo lo demás '
       || 'deben ser iguales: vuelva a exportar, o deje una sola fila por orden. Una OT no puede tener dos estados.'
FROM repetidas r
JOIN difieren d USING (ot)
GROUP BY r.ot, d.texto
ORDER BY 1, 2;
