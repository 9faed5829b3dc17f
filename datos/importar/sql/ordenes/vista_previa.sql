-- Las primeras filas del archivo son las primeras posiciones: `pos` evita ordenar todo el archivo.
SELECT fila, ot, solicitud, actividad_codigo, actividad, estado_origen, estado, fecha_registro,
       fecha_atencion, causal, unidad_operativa, zona
FROM normalizado WHERE pos < 200 ORDER BY fila LIMIT 20;
