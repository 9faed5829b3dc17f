-- Los meses que se pueden conciliar: con órdenes de poste registradas o con facturas emitidas; el más reciente primero.
-- (Las facturas, de cualquier concepto: unir con sus cargos para saber si son de poste costaba más que todo lo demás.)
-- Lee: ordenes_poste, facturas.
SELECT DISTINCT mes FROM (
    SELECT CAST(date_trunc('month', fecha_registro) AS DATE) AS mes FROM ordenes_poste
    UNION ALL
    SELECT CAST(date_trunc('month', fecha_emision) AS DATE) FROM facturas
)
ORDER BY mes DESC
