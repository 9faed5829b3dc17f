-- El estado de un trámite a partir de sus OT de poste (DISENO §4; el último estado de cada OT): ATENDIDO si alguna
-- está ATENDIDA; si no, REGISTRADO si alguna sigue pendiente; si no, ANULADO. Lo usan el KPI (tramites_poste) y la
-- conciliación (conciliacion_del_mes): «cobrada con orden anulada» nunca sale para un trámite que otra OT atendió.
CREATE OR REPLACE MACRO estado_tramite(alguna_atendida, alguna_pendiente) AS
    CASE WHEN alguna_atendida THEN 'ATENDIDO' WHEN alguna_pendiente THEN 'REGISTRADO' ELSE 'ANULADO' END;
