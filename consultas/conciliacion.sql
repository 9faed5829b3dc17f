-- La conciliación CxC del mes $mes (DISENO §8; macro conciliacion_del_mes de consultas/modelo/): una fila por trámite de
-- poste del mes y por factura sin trámite, con su categoría, el importe en juego y las marcas informativas. De la
-- categoría más grave a la conciliada y, en cada una, del importe mayor al menor. Sin $personales, cliente y CI/NIT
-- quedan vacíos (también los de cada factura).
-- Las facturas van como texto, una por línea («N° 40101 · 19/04/2025 · Bs. 1.000,00 · VIGENTE»): con 4.000 trámites,
-- pasar las listas a objetos de Python costaba más que calcular la conciliación. La lista, por trámite, está en
-- conciliacion_tramite.sql.
-- Lee: conciliacion_del_mes.
SELECT clave, categoria, orden_categoria, solicitud, ot, estado_orden, registro,
       CASE WHEN $personales THEN cliente END AS cliente, CASE WHEN $personales THEN ci_nit END AS ci_nit,
       facturas[1].factura AS primera_factura,
       array_to_string(list_transform(facturas, lambda f:
           'N° ' || f.factura || ' · ' || strftime(f.fecha_emision, '%d/%m/%Y') || ' · '
           || CASE WHEN f.debito < f.credito THEN 'crédito ' ELSE '' END
           || 'Bs. ' || translate(format('{:,.2f}', abs(f.debito - f.credito)), ',.', '.,') || ' · ' || f.situacion
           || CASE WHEN $personales AND f.ci_nit IS NOT NULL THEN ' · CI/NIT ' || f.ci_nit ELSE '' END), chr(10))
           AS facturas_texto,
       validas, neto, tarifa, importe, ci_distinto, otro_mes, explicada, explicacion_id, explicacion, explicada_por,
       explicada_en
FROM conciliacion_del_mes($mes)
ORDER BY orden_categoria, importe DESC, clave
