-- La descripción sin el código; NULL si no queda nada (Oracle escribe « - » para NULL || ' - ' || NULL).
CREATE OR REPLACE MACRO descripcion_de(x) AS
    nullif(regexp_replace(trim(regexp_replace(x, '^\s*-?\d+(?:\.0+)?\s*(?:[-–—:]\s*|$)', '')), '^[-–—:\s]*$', ''), '');
