-- Filas leídas, órdenes de otras actividades y copias idénticas colapsadas. Una OT repetida cuenta una vez entre
-- las de otras actividades (sin repetidas, la segunda suma es cero y no agrupa nada).
SELECT count(*),
       count(*) FILTER (WHERE otra AND ot NOT IN (SELECT ot FROM ot_repetidas))
       + count(DISTINCT ot) FILTER (WHERE otra AND ot IN (SELECT ot FROM ot_repetidas)),
       (SELECT coalesce(sum(veces - 1), 0) FROM ot_repetidas)
FROM (SELECT ot, actividad_txt IN (SELECT actividad_txt FROM actividades_leidas
                                   WHERE actividad_codigo NOT IN (SELECT codigo FROM actividades_poste)) AS otra
      FROM numerado);
