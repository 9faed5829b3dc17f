SELECT estado_anterior, estado, count(*) FROM facturas_existentes
WHERE estado_anterior <> estado GROUP BY ALL ORDER BY 3 DESC, 1, 2;
