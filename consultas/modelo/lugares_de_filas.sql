-- Dónde está un mismo problema en varias filas, para el mensaje de una importación: « (3, 8, 14)» o, si el archivo dice
-- sus lugares (HTML: «tabla 2, fila 14»), « (tabla 2, fila 14; tabla 3, fila 2)»; las primeras 10 (`rn` ≤ 10) y «, …»
-- si hay más; nada con una sola fila. Es de agregado: se usa con GROUP BY (las facturas y las órdenes, el mismo texto).
-- Dos ramas y no un separador calculado: array_to_string pide un separador constante.
CREATE OR REPLACE MACRO lugares_de_filas(lugar, fila, rn) AS
    CASE WHEN count(fila) > 1 THEN ' (' || CASE WHEN count(lugar) > 0
                                            THEN array_to_string(list(coalesce(lugar, fila::VARCHAR) ORDER BY fila)
                                                                 FILTER (WHERE rn <= 10), '; ')
                                            ELSE array_to_string(list(coalesce(lugar, fila::VARCHAR) ORDER BY fila)
                                                                 FILTER (WHERE rn <= 10), ', ') END
         || CASE WHEN count(fila) > 10 THEN ', …' ELSE '' END || ')' ELSE '' END;
