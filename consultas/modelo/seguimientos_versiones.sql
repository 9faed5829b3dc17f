-- Seguimiento. Cada registro con la versión que lo corrigió (corregido_por, NULL si ninguna). Una corrección es
-- otra fila que apunta a la que corrige (migración 001): vigente = la que ningún otro registro corrige.
-- fecha_coordinacion: la de contacto con Gestión de Redes, o el día en que se registró si no la trae.
CREATE OR REPLACE VIEW seguimientos_versiones AS
SELECT s.*, CASE WHEN s.tipo = 'coordinacion' THEN coalesce(s.fecha_contacto, CAST(s.creado_en AS DATE)) END
                AS fecha_coordinacion,
       c.corregido_por
FROM seguimientos s
LEFT JOIN (SELECT corrige_a, min(id) AS corregido_por
           FROM seguimientos WHERE corrige_a IS NOT NULL GROUP BY corrige_a) c ON c.corrige_a = s.id;
