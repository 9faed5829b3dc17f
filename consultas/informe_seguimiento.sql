-- Informe mensual: quién hizo el seguimiento de las órdenes $ots (las del mes, ya recortadas por
-- informe_ordenes), con los registros vigentes y separando lo hecho como suplente.
-- Lee: seguimientos_vigentes, tabla usuarios.
SELECT
    nombre_persona(s.autor, u.nombre) AS autor,
    s.rol,
    s.suplente,
    count(*) FILTER (WHERE s.tipo = 'medida_correctiva') AS medidas,
    count(*) FILTER (WHERE s.tipo = 'coordinacion') AS coordinaciones,
    count(*) FILTER (WHERE s.tipo = 'verificacion') AS verificaciones,
    min(s.creado_en) AS primero,
    max(s.creado_en) AS ultimo
FROM seguimientos_vigentes s
LEFT JOIN usuarios u ON u.usuario = s.autor
WHERE s.ot IN (SELECT unnest(CAST($ots AS BIGINT[])))
GROUP BY ALL
ORDER BY s.suplente, autor
