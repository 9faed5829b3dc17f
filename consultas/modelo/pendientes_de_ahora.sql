-- Lo de ahora, sobre pendientes_seguimiento: lo que Seguimiento y cada bandeja muestran al abrir. `de_ahora` es
-- verdadero para las pendientes sin coordinación reciente (siguen abiertas: todas) y para las anuladas sin medida y
-- las atendidas sin verificar anuladas o atendidas desde `reciente_desde` (el primero del mes anterior a hoy); falso
-- para las de antes o sin esa fecha (lo más antiguo, contado y a un clic).
CREATE OR REPLACE MACRO pendientes_de_ahora(hoy, dias, desde, hasta, reciente_desde) AS TABLE
SELECT *, categoria = 'registrado_sin_coordinar'
          OR coalesce(fecha_cierre >= CAST(reciente_desde AS DATE), false) AS de_ahora
FROM pendientes_seguimiento(hoy, dias, desde, hasta);
