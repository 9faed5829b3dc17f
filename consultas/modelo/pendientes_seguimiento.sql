-- Lo que todavía necesita a alguien a la fecha `hoy`, de las órdenes de poste registradas en el periodo (desde/hasta
-- como ordenes_del_periodo):
--   anulado_sin_medida        ANULADO sin medida correctiva vigente
--   registrado_sin_coordinar  REGISTRADO cuya última coordinación no es de los últimos `dias` días (o no hay)
--   atendido_sin_verificar    ATENDIDO sin verificación vigente
-- Una OT reemplazada (ordenes_reemplazadas: su trámite ya lo atendió otra OT) no necesita medida ni coordinación: no
-- sale aquí, ni en Seguimiento ni en la alerta diaria (alerta_registrados_atrasados).
CREATE OR REPLACE MACRO pendientes_seguimiento(hoy, dias, desde, hasta) AS TABLE
-- La fecha de la última coordinación (la de ultimas_coordinaciones) con max() en la misma lectura de los vigentes que
-- da lo demás: leer además la vista eran dos lecturas y una ventana, ~25 % más con 1 M de órdenes (bench_bandejas).
WITH hechos AS (
    SELECT ot, bool_or(tipo = 'medida_correctiva') AS con_medida, bool_or(tipo = 'verificacion') AS verificada,
           max(fecha_coordinacion) AS ultima_coordinacion
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
FROM ordenes_del_periodo(desde, hasta) o
LEFT JOIN hechos h USING (ot)
WHERE o.ot NOT IN (SELECT ot FROM ordenes_reemplazadas)
  AND CASE o.estado
        WHEN 'ANULADO' THEN NOT coalesce(h.con_medida, false)
        WHEN 'REGISTRADO' THEN h.ultima_coordinacion IS NULL
                               OR h.ultima_coordinacion < CAST(hoy AS DATE) - CAST(dias AS INTEGER)
        ELSE NOT coalesce(h.verificada, false) END;
