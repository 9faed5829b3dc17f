-- Filas leídas, cargos de otros conceptos y cargos idénticos colapsados.
SELECT count(*) AS filas_leidas, count(*) FILTER (WHERE NOT es_poste) AS otras_actividades,
       (SELECT coalesce(sum(veces - 1), 0) FROM lineas_repetidas WHERE variantes = 1) AS duplicados
FROM normalizado;
