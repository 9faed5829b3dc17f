-- Filas leídas, órdenes de otras actividades, copias idénticas colapsadas y OT con varias actividades. Una OT
-- repetida cuenta una vez entre las de otras actividades, y no cuenta si alguna de sus actividades es de poste (sin
-- repetidas, la segunda suma es cero y no agrupa nada). Una fila de otra actividad de la misma OT no es una copia.
SELECT count(*) AS filas_leidas,
       count(*) FILTER (WHERE otra AND ot NOT IN (SELECT ot FROM ot_repetidas))
       + count(DISTINCT ot) FILTER (WHERE otra AND ot IN (SELECT ot FROM ot_repetidas)
                                    AND ot NOT IN (SELECT ot FROM ot_varias WHERE poste)) AS otras_actividades,
       (SELECT coalesce(sum(veces - 1), 0) FROM ot_repetidas)
       - (SELECT count(*) - count(DISTINCT ot) FROM actividades_ot) AS duplicados,
       (SELECT count(*) FROM ot_varias) AS varias_actividades
FROM (SELECT ot, actividad_txt IN (SELECT actividad_txt FROM actividades_leidas
                                   WHERE actividad_codigo NOT IN (SELECT codigo FROM actividades_poste)) AS otra
      FROM numerado);
