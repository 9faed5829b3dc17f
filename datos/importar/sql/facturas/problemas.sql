-- Todos los problemas de una exportación de facturas, uno por fila y columna (los estados desconocidos, agrupados).
WITH estados_malos AS (
    SELECT fila, lugar, estado_origen, row_number() OVER (PARTITION BY estado_origen ORDER BY fila) AS rn
    FROM normalizado
    WHERE con_estado AND estado IS NULL AND estado_origen IS NOT NULL
), facturas_distintas AS (
    -- La misma factura con otra fecha, estado o cliente en el mismo archivo: no se adivina cuál vale.
    SELECT factura, min(fila) AS fila, CASE WHEN count(lugar) > 0 THEN array_to_string(list(coalesce(lugar, fila::VARCHAR) ORDER BY fila), '; ')
            ELSE array_to_string(list(coalesce(lugar, fila::VARCHAR) ORDER BY fila), ', ') END AS filas
    FROM (SELECT DISTINCT ON (factura, fecha_emision, estado_origen, ci_nit, cliente) * FROM normalizado
          WHERE factura IS NOT NULL
            AND factura IN (SELECT factura FROM normalizado GROUP BY factura HAVING count(*) > 1))
    GROUP BY factura HAVING count(*) > 1
)
SELECT fila, 'factura' AS campo, NULL AS valor, 'Falta el número de factura.' AS problema,
       'Complete el N° de factura tal como figura en Smartflex (FACTCODI).' AS que_hacer
FROM normalizado WHERE factura IS NULL
UNION ALL
-- Cifras, letras y los separadores de una numeración («001-0040101», «A/40101»): nada que una página pueda leer
-- como formato, y siempre alguna cifra.
SELECT fila, 'factura', factura,
       CASE WHEN NOT regexp_matches(factura, '\d') THEN 'El número de factura no tiene cifras.'
            ELSE 'El número de factura tiene caracteres que no son de una numeración de facturas.' END,
       'Revise que la columna sea el N° de factura (FACTCODI): cifras, letras, «-», «/» o «.».'
FROM normalizado
WHERE factura IS NOT NULL
  AND (NOT regexp_matches(factura, '\d') OR NOT regexp_full_match(factura, '[0-9A-Za-z][0-9A-Za-z./-]*'))
UNION ALL
SELECT fila, 'fecha_emision', NULL, 'Falta la fecha de emisión.',
       'Complete la fecha de emisión de la factura (FACTFEGE).'
FROM normalizado WHERE fecha_emision IS NULL AND fecha_emision_txt IS NULL
UNION ALL
SELECT fila, 'fecha_emision', fecha_emision_txt,
       CASE WHEN regexp_full_match(trim(fecha_emision_txt), '\d{1,2}[/-]\d{1,2}[/-](\d{2}|\d{4})(\D.*)?|\d{4}-\d{1,2}-\d{1,2}.*')
            THEN 'Fecha imposible (ese día no existe en el calendario).'
            ELSE 'Fecha ilegible.' END,
       'Use día/mes/año (dd/mm/aaaa hh:mm), año-mes-día o el formato de Oracle (dd/mm/rr, dd-mon-rr).'
FROM normalizado WHERE fecha_emision IS NULL AND fecha_emision_txt IS NOT NULL
UNION ALL
SELECT fila, 'fecha_emision', fecha_emision_txt,
       'año ' || lpad(year(fecha_emision)::VARCHAR, 4, '0') || ': ' ||
       CASE WHEN fecha_emision < TIMESTAMP '2000-01-01' THEN 'fecha anterior al 01/01/2000.'
            WHEN year(fecha_emision) > year(CAST($hoy AS DATE)) + 1 THEN 'fecha en el futuro.'
            ELSE 'fecha posterior a mañana (hoy es ' || strftime(CAST($hoy AS DATE), '%d/%m/%Y') || ').' END,
       'Revise la fecha en Smartflex (¿año mal escrito?) y vuelva a exportar; no se guarda una fecha imposible.'
FROM normalizado WHERE fecha_emision IS NOT NULL AND fecha_emision_txt IS NOT NULL
UNION ALL
SELECT fila, 'importe', importe_txt,
       CASE WHEN importe_txt IS NULL THEN 'Falta el importe.'
            ELSE 'Importe ilegible o con más de dos decimales.' END,
       'Escriba el importe en bolivianos, p. ej. «1.000,00» o «1000.00» (se lee exacto, sin redondear).'
FROM normalizado WHERE importe_leido IS NULL
UNION ALL
SELECT fila, 'importe', CAST(importe_leido AS VARCHAR), 'Importe negativo en una exportación con columna de signo.',
       'Con CARGSIGN el importe va en positivo y el signo dice si es débito (DB) o crédito (CR).'
FROM normalizado WHERE con_signo AND importe_leido < 0
UNION ALL
SELECT fila, 'signo', signo_txt,
       CASE WHEN signo_txt IS NULL THEN 'Falta el signo.' ELSE 'Signo desconocido.' END,
       'Use DB (débito) o CR (crédito: una nota de crédito contra la solicitud), como CARGSIGN.'
FROM normalizado WHERE con_signo AND signo IS NULL
UNION ALL
SELECT fila, 'estado', NULL, 'Falta el estado de la factura.', 'Complete el estado (VIGENTE, ANULADA…).'
FROM normalizado WHERE con_estado AND estado_origen IS NULL
UNION ALL
SELECT min(fila), 'estado', estado_origen,
       'Estado de factura desconocido, en ' || count(*) || ' fila(s)' || lugares_de_filas(lugar, fila, rn) || '.',
       'Un administrador debe indicar en «Conciliación CxC» (tarifa y equivalencias) a qué estado (VIGENTE o ANULADA) '
       || 'corresponde; no se adivina.'
FROM estados_malos
GROUP BY estado_origen
UNION ALL
SELECT fila, 'solicitud', solicitud_txt, 'El N° de solicitud no es un número.',
       'Escriba el N° de solicitud (PACKAGE_ID) como «3812159» o «PP-3812159».'
FROM normalizado WHERE solicitud_txt IS NOT NULL
UNION ALL
SELECT fila, 'documento', documento,
       'La solicitud («' || solicitud_leida || '») y el documento de soporte no apuntan al mismo trámite.',
       'CARGDOSO debe ser «PP-» seguido del N° de solicitud; revise cuál de las dos columnas es la correcta.'
FROM normalizado WHERE solicitud_leida IS NOT NULL AND solicitud_documento IS NOT NULL
                   AND solicitud_leida <> solicitud_documento
UNION ALL
SELECT min(fila), 'repetida', d, count(*)::VARCHAR, ''
FROM (SELECT fila, unnest(string_split(difiere_txt, ',')) AS d FROM normalizado WHERE difiere_txt IS NOT NULL)
GROUP BY d
UNION ALL
SELECT fila, 'factura', factura,
       'La factura aparece con datos distintos (fecha, estado o cliente) en las filas ' || filas || '.',
       'Una factura tiene una sola fecha, un solo estado y un solo cliente: vuelva a exportar.'
FROM facturas_distintas
UNION ALL
SELECT min(n.fila), 'importe', any_value(n.factura),
       'El mismo cargo (factura ' || any_value(n.factura) || ', ' || any_value(n.signo) || ') aparece '
       || any_value(r.veces) || ' veces con datos distintos (filas '
       || CASE WHEN count(n.lugar) > 0 THEN array_to_string(list(coalesce(n.lugar, n.fila::VARCHAR) ORDER BY n.fila), '; ')
            ELSE array_to_string(list(coalesce(n.lugar, n.fila::VARCHAR) ORDER BY n.fila), ', ') END || ').',
       'Deje una sola fila por cargo, o vuelva a exportar; no se adivina cuál importe vale.'
FROM normalizado_lineas n JOIN lineas_repetidas r USING (linea)
WHERE r.variantes > 1 AND n.factura NOT IN (SELECT factura FROM facturas_distintas)
GROUP BY n.linea
ORDER BY 1, 2;
