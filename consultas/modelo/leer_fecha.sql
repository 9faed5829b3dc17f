-- Fecha con la lista de formatos dada (la importación pasa la suya) o número de serie de Excel; NULL si no se lee.
-- También con los meses en español (mes_en_ingles). La traducción va dentro de la última rama, una sola vez: como
-- argumento de la macro se repetiría en cada rama y DuckDB la calcularía aparte para todas las filas (medido: 10×
-- más lenta una columna de un millón de fechas que ya calzaban con su formato).
CREATE OR REPLACE MACRO leer_fecha(x, formatos) AS CASE
    WHEN x IS NULL OR trim(x) = '' THEN NULL
    WHEN regexp_full_match(trim(x), '\d{5}(\.\d+)?')
        THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(CAST(trim(x) AS DOUBLE) * 86400000000) AS BIGINT))
    ELSE coalesce(try_strptime(trim(x), formatos), try_strptime(mes_en_ingles(trim(x)), formatos))
END;
