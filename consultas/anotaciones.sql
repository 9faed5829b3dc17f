-- Las notas vigentes sobre la tendencia (issue 25) que tocan el periodo del día $desde al día $hasta (NULL = sin ese
-- extremo), la más antigua primero, con el nombre de quien escribió la versión vigente y cuándo. Vigente = la versión
-- que ninguna otra corrige; una retirada no sale. `version`: 1 la original, 2 su primera corrección…
-- Lee: tablas anotaciones y usuarios.
WITH RECURSIVE cadena AS (
    SELECT id, id AS original, 1 AS version FROM anotaciones WHERE corrige_a IS NULL
    UNION ALL
    SELECT a.id, c.original, c.version + 1 FROM anotaciones a JOIN cadena c ON a.corrige_a = c.id
)
SELECT a.id, c.original, c.version, a.desde, a.hasta, a.texto, a.autor,
       nombre_persona(a.autor, u.nombre) AS autor_nombre, a.rol, a.creado_en
FROM anotaciones a
JOIN cadena c USING (id)
LEFT JOIN usuarios u ON u.usuario = a.autor
WHERE NOT a.retirada
  AND NOT EXISTS (SELECT 1 FROM anotaciones n WHERE n.corrige_a = a.id)
  AND ($desde IS NULL OR a.hasta >= CAST($desde AS DATE))
  AND ($hasta IS NULL OR a.desde <= CAST($hasta AS DATE))
ORDER BY a.desde, a.hasta, c.original
