-- Texto sin espacios a los lados, o NULL si queda vacío. trim() sólo cuando hace falta: copiar cada texto
-- de un millón de filas cuesta más que mirar sus extremos.
CREATE OR REPLACE MACRO limpio(x) AS CASE
    WHEN x = '' THEN NULL
    WHEN starts_with(x, ' ') OR ends_with(x, ' ') THEN nullif(trim(x), '')
    ELSE x
END;
