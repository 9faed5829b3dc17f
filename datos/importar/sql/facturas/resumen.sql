-- Filas leídas, cargos de otros conceptos y cargos idénticos colapsados.
SELECT count(*), count(*) FILTER (WHERE NOT es_poste),
       (SELECT coalesce(sum(veces - 1), 0) FROM lineas_repetidas WHERE variantes = 1)
FROM normalizado;
