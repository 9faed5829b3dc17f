-- El trámite, la unidad del KPI (procedimiento: «Total trámites en estado atendido ÷ Total trámites movimiento de
-- postes»; DISENO §4). Un trámite es una solicitud (PACKAGE_ID); una OT sin solicitud es su propio trámite. Sólo sus
-- OT de movimiento de poste cuentan (las de otras actividades no lo hacen de poste ni cambian su estado).
--   registro  la fecha de registro de su primera OT de poste: su mes es el mes del KPI (una OT emitida de nuevo en el
--             mes siguiente no lo mueve de mes)
--   estado    ATENDIDO si alguna de sus OT de poste está ATENDIDA (el último estado de cada OT); si no, REGISTRADO si
--             alguna sigue pendiente; si no, ANULADO (estado_tramite). Con una OT por trámite es el estado de la OT.
--   ots       cuántas OT de poste tiene (las que están detrás del trámite)
--   elegida   si alguna de sus OT pasa los filtros del Semáforo (actividades, zonas, unidades como ordenes_del_kpi;
--             NULL = todas): los filtros eligen trámites por sus OT
CREATE OR REPLACE MACRO tramites_poste(actividades := NULL, zonas := NULL, unidades := NULL) AS TABLE
SELECT clave_tramite(solicitud, min(ot)) AS tramite,
       solicitud,
       min(fecha_registro) AS registro,
       estado_tramite(bool_or(estado = 'ATENDIDO'), bool_or(estado = 'REGISTRADO')) AS estado,
       count(*) AS ots,
       bool_or(elegida) AS elegida
FROM ordenes_del_kpi(NULL, NULL, actividades, zonas, unidades)
-- Por solicitud, y por OT las que no traen: agrupar dos columnas cuesta menos que armar la clave de cada OT (1 M de
-- órdenes: ~20 % menos). Lo caro es leer las solicitudes, que el KPI por OT no necesitaba.
GROUP BY solicitud, CASE WHEN solicitud IS NULL THEN ot END;
