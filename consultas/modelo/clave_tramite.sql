-- La clave de un trámite (DISENO §4): 'S:<solicitud>' (PACKAGE_ID), o 'O:<OT>' si la orden no trae solicitud (es su
-- propio trámite). La misma clave usan la conciliación y sus explicaciones.
CREATE OR REPLACE MACRO clave_tramite(solicitud, ot) AS coalesce('S:' || solicitud, 'O:' || ot);
