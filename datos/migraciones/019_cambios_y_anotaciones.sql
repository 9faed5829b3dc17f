-- Issue 25: qué cambió en cada importación y notas sobre la tendencia. Sólo tablas (el modelo no va en migraciones).

-- Qué OT trajo cada importación de órdenes (las nuevas, las cambiadas y las que venían igual). historial_estados sólo
-- guarda los cambios de estado: sin esto no se sabe qué órdenes faltan en una exportación posterior del mismo periodo.
-- Las importaciones anteriores a esta migración no la tienen: para ellas no se dice qué desapareció.
-- `dia`: su día de registro, para saber qué periodo cubría cada exportación sin leer las órdenes (1 M por importación).
CREATE TABLE importaciones_ordenes (
    importacion_id  INTEGER NOT NULL,
    ot              BIGINT NOT NULL,
    dia             DATE NOT NULL
);

-- Notas sobre la tendencia del KPI («Paro de Gestión de Redes 12–15/09»): de un mes (del día 1 al último) o de un
-- rango de fechas. Como el seguimiento, sólo se agregan filas: corregir es otra fila que apunta (corrige_a) a la que
-- reemplaza, y retirar una nota es una versión con `retirada`. Vigente = la que ninguna otra corrige.
CREATE SEQUENCE seq_anotaciones START 1;
CREATE TABLE anotaciones (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_anotaciones'),
    corrige_a   INTEGER,
    desde       DATE NOT NULL,
    hasta       DATE NOT NULL,
    texto       VARCHAR NOT NULL,
    retirada    BOOLEAN NOT NULL DEFAULT false,
    autor       VARCHAR NOT NULL,
    rol         VARCHAR NOT NULL,
    creado_en   TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp),
    CHECK (hasta >= desde)
);
