-- Issue 22, punto 5: una OT con varias actividades. OR_ORDER_ACTIVITY es de uno a muchos con OR_ORDER: una consulta
-- que las une escribe la OT una vez por actividad (52137 y 8074 en la misma OT), todo lo demás igual. Es una sola
-- OT: en `ordenes` queda una fila, con una actividad de poste si alguna lo es (la primera del archivo), y aquí todas
-- sus actividades, una fila por orden y actividad. Una OT con una sola actividad no tiene filas aquí: su actividad
-- es la de `ordenes`. Sin clave primaria ni índice: la importación reemplaza las de cada OT que cambia (DELETE e
-- INSERT en la misma transacción) y ya escribe cada par una sola vez.
CREATE TABLE ordenes_actividades (
    ot                BIGINT NOT NULL,
    actividad_codigo  INTEGER NOT NULL,
    actividad         VARCHAR,
    importacion_id    INTEGER
);
