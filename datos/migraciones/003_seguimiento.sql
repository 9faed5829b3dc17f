-- Seguimiento (bandejas y suplencia): definiciones compartidas por las consultas de consultas/bandeja_*,
-- seguimiento_* y orden_*, para que «vigente», «tramo» y «pendiente» signifiquen lo mismo en todas.

-- La versión vigente de cada registro: la que ningún otro registro corrige.
CREATE VIEW seguimientos_vigentes AS
SELECT s.id, s.ot, s.tipo, s.corrige_a, s.texto, s.fecha_contacto, s.contacto, s.fecha_acordada, s.resultado,
       s.autor, s.rol, s.suplente, s.creado_en
FROM seguimientos s
WHERE NOT EXISTS (SELECT 1 FROM seguimientos c WHERE c.corrige_a = s.id);

-- Tramo de edad de una pendiente, en días.
CREATE MACRO tramo_edad(dias) AS CASE
    WHEN dias <= 7 THEN '0–7' WHEN dias <= 15 THEN '8–15' WHEN dias <= 30 THEN '16–30' ELSE '> 30' END;

-- Lo que todavía necesita a alguien a la fecha `hoy` (órdenes de movimiento de poste):
--   anulado_sin_medida        ANULADO sin medida correctiva vigente
--   registrado_sin_coordinar  REGISTRADO sin coordinación vigente en los últimos `dias` días
--                             (fecha de la coordinación = fecha de contacto, o el día en que se registró)
--   atendido_sin_verificar    ATENDIDO sin verificación vigente
CREATE MACRO pendientes_seguimiento(hoy, dias) AS TABLE
WITH hechos AS (
    SELECT ot,
           bool_or(tipo = 'medida_correctiva') AS con_medida,
           max(coalesce(fecha_contacto, CAST(creado_en AS DATE))) FILTER (WHERE tipo = 'coordinacion')
               AS ultima_coordinacion,
           bool_or(tipo = 'verificacion') AS verificada
    FROM seguimientos_vigentes
    GROUP BY ot
)
SELECT CASE o.estado WHEN 'ANULADO' THEN 'anulado_sin_medida'
                     WHEN 'REGISTRADO' THEN 'registrado_sin_coordinar'
                     ELSE 'atendido_sin_verificar' END AS categoria,
       o.ot, o.estado, o.fecha_registro,
       date_diff('day', CAST(o.fecha_registro AS DATE), CAST(hoy AS DATE)) AS edad_dias,
       coalesce(o.fecha_anulacion, o.fecha_atencion) AS fecha_cierre,
       o.causal, o.tecnico, o.zona, h.ultima_coordinacion,
       date_diff('day', h.ultima_coordinacion, CAST(hoy AS DATE)) AS dias_desde_coordinacion
FROM ordenes o
LEFT JOIN hechos h USING (ot)
WHERE o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
  AND CASE o.estado
        WHEN 'ANULADO' THEN NOT coalesce(h.con_medida, false)
        WHEN 'REGISTRADO' THEN h.ultima_coordinacion IS NULL
                               OR h.ultima_coordinacion < CAST(hoy AS DATE) - CAST(dias AS INTEGER)
        ELSE NOT coalesce(h.verificada, false) END;
