-- Todas las explicaciones de un trámite de la conciliación (clave $clave), con quién y cuándo; vigente = ninguna otra
-- la corrige. La más reciente primero.
-- Lee: explicaciones, usuarios.
SELECT e.id, e.mes, e.categoria, e.texto, e.autor, nombre_persona(e.autor, u.nombre) AS autor_nombre, e.rol,
       e.creado_en, e.corrige_a, NOT EXISTS (SELECT 1 FROM explicaciones c WHERE c.corrige_a = e.id) AS vigente
FROM explicaciones e
LEFT JOIN usuarios u ON u.usuario = e.autor
WHERE e.clave = $clave
ORDER BY e.id DESC
