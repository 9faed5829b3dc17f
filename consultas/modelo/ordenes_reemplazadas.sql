-- OT reemplazadas (issue 21, punto 3): de poste, ANULADA o REGISTRADA, cuyo trámite (clave_tramite: la misma
-- solicitud; una OT sin solicitud es su propio trámite y nunca se reemplaza) ya atendió otra de sus OT de poste. Las
-- bandejas siguen por OT, pero éstas no piden medida correctiva ni coordinación: el trámite está atendido.
--   reemplazo           la OT que lo atendió (la primera atendida, si hay más de una)
--   reemplazo_atendida  su fecha de atención
--   marca               «reemplazada por la OT N (atendida el dd/mm/aaaa)», como la muestran bandejas y ficha
CREATE OR REPLACE VIEW ordenes_reemplazadas AS
WITH atendidas AS (
    SELECT solicitud, ot AS reemplazo, fecha_atencion AS reemplazo_atendida
    FROM ordenes_poste
    WHERE estado = 'ATENDIDO' AND solicitud IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY solicitud ORDER BY fecha_atencion NULLS LAST, ot) = 1
)
SELECT o.ot, a.reemplazo, a.reemplazo_atendida,
       'reemplazada por la OT ' || a.reemplazo
       || coalesce(' (atendida el ' || strftime(a.reemplazo_atendida, '%d/%m/%Y') || ')', '') AS marca
FROM ordenes_poste o
JOIN atendidas a USING (solicitud)
WHERE o.estado IN ('ANULADO', 'REGISTRADO');
