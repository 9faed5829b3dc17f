-- Qué cambió con la importación de órdenes $importacion (issue 25): una fila por OT de movimiento de poste, con `tipo`:
--   nueva          entró por primera vez
--   atendida       REGISTRADO → ATENDIDO
--   anulada        REGISTRADO → ANULADO
--   retrocede      ATENDIDO o ANULADO → REGISTRADO (se señala: la exportación puede ser más antigua)
--   entre_finales  ATENDIDO ↔ ANULADO (también se señala)
--   desaparecida   ya no viene: su fecha de registro cae en el periodo de esta exportación (del primer al último día
--                  de registro que trae) y la importación anterior que cubría esa fecha sí la traía. Las importaciones
--                  anteriores a la migración 019 no guardaron qué traían: no cuentan.
-- Un cambio sólo del valor de Smartflex dentro del mismo estado («5 - ASIGNADA» → «6 - EN EJECUCIÓN») no es un cambio
-- de estado del procedimiento y no sale. estado_anterior / estado: los de esta importación (la desaparecida queda
-- como estaba). Causal, fechas y zona son las que la base tiene hoy (el historial sólo guarda estados).
-- Lee: historial_estados, importaciones_ordenes, ordenes, ordenes_poste.
WITH cambios AS (
    SELECT ot, estado_anterior, estado,
           CASE WHEN estado_anterior IS NULL THEN 'nueva'
                WHEN estado_anterior = 'REGISTRADO' AND estado = 'ATENDIDO' THEN 'atendida'
                WHEN estado_anterior = 'REGISTRADO' AND estado = 'ANULADO' THEN 'anulada'
                WHEN estado = 'REGISTRADO' THEN 'retrocede'
                ELSE 'entre_finales' END AS tipo
    FROM historial_estados
    WHERE importacion_id = $importacion AND estado_anterior IS DISTINCT FROM estado
),
traidas AS (SELECT ot, dia FROM importaciones_ordenes WHERE importacion_id = $importacion),
-- El periodo de cada importación que guardó lo que traía, del primer al último día de registro.
periodos AS (
    SELECT importacion_id, min(dia) AS desde, max(dia) AS hasta
    FROM importaciones_ordenes WHERE importacion_id <= $importacion
    GROUP BY 1
),
-- De poste, con la fecha en el periodo de esta exportación y que ésta no trae.
faltan AS (
    SELECT o.ot, CAST(o.fecha_registro AS DATE) AS dia
    FROM ordenes_poste o JOIN periodos p ON p.importacion_id = $importacion
    WHERE CAST(o.fecha_registro AS DATE) BETWEEN p.desde AND p.hasta
      AND o.ot NOT IN (SELECT ot FROM traidas)
),
-- La última importación anterior que cubría la fecha de cada una: si la traía, desapareció ahora (si no, ya faltaba).
previa AS (
    SELECT f.ot, max(p.importacion_id) AS importacion_id
    FROM faltan f JOIN periodos p ON p.importacion_id < $importacion AND f.dia BETWEEN p.desde AND p.hasta
    GROUP BY 1
),
desaparecidas AS (
    SELECT p.ot, h.estado
    FROM previa p
    JOIN importaciones_ordenes i ON i.importacion_id = p.importacion_id AND i.ot = p.ot
    JOIN (SELECT ot, arg_max(estado, importacion_id) AS estado FROM historial_estados
          WHERE importacion_id <= $importacion AND ot IN (SELECT ot FROM previa) GROUP BY ot) h ON h.ot = p.ot
),
filas AS (
    SELECT tipo, ot, estado_anterior, estado FROM cambios
    UNION ALL
    SELECT 'desaparecida', ot, estado, estado FROM desaparecidas
)
-- A lo sumo $limite filas por tipo (la primera importación de una base trae todas como nuevas), y en `cuantas` el total
-- del tipo. `anulada_nueva`: quedó ANULADA con esta importación (pasó a ANULADO o llegó anulada); cuenta aparte.
SELECT f.tipo, f.ot, o.solicitud, f.estado_anterior, f.estado, o.causal,
       CAST(date_trunc('month', o.fecha_registro) AS DATE) AS mes, o.fecha_registro, o.fecha_atencion,
       o.fecha_anulacion, o.zona, o.unidad_operativa,
       f.estado = 'ANULADO' AND f.estado_anterior IS DISTINCT FROM 'ANULADO' AS anulada_nueva,
       count(*) OVER (PARTITION BY f.tipo) AS cuantas,
       count(*) FILTER (WHERE f.estado = 'ANULADO' AND f.estado_anterior IS DISTINCT FROM 'ANULADO') OVER ()
           AS cuantas_anuladas_nuevas
FROM filas f
JOIN ordenes_poste o USING (ot)
QUALIFY row_number() OVER (PARTITION BY f.tipo, anulada_nueva ORDER BY o.fecha_registro, f.ot) <= $limite
ORDER BY CASE f.tipo WHEN 'retrocede' THEN 1 WHEN 'entre_finales' THEN 2 WHEN 'desaparecida' THEN 3
                     WHEN 'atendida' THEN 4 WHEN 'anulada' THEN 5 ELSE 6 END,
         o.fecha_registro, f.ot
