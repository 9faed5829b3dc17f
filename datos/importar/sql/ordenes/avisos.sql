-- Una OT que ya estaba en un estado final y cambia: retrocede (a pendiente) o pasa al otro estado final.
SELECT 'OT ' || ot || ': ' || estado_anterior || ' → ' || estado || ' ('
       || CASE WHEN estado NOT IN ('ATENDIDO', 'ANULADO') THEN 'retrocede' ELSE 'cambia de un estado final a otro' END
       || '; revise si la exportación es más antigua).'
FROM existentes
WHERE estado_anterior IN ('ATENDIDO', 'ANULADO') AND estado_anterior <> estado ORDER BY ot;
