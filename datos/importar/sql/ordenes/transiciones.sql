-- Cuántas OT pasan de un estado a otro con esta importación.
SELECT estado_anterior, estado, count(*) FROM existentes
WHERE estado_anterior <> estado GROUP BY ALL ORDER BY 3 DESC, 1, 2;
