-- Solicitud y cliente casi no se repiten entre órdenes: el diccionario no les sirve y analizarlos con DICT_FSST era
-- un quinto del tiempo de escribir 1 M de órdenes (0,27 s por columna, medido). Se guardan sin comprimir: FSST
-- las dejaba en 2/5, así que ocupan ~12 MB más por millón de órdenes. Las demás columnas de texto repiten pocos
-- valores y siguen comprimidas.
CREATE TABLE ordenes_nueva (
    ot                BIGINT NOT NULL,
    solicitud         VARCHAR USING COMPRESSION uncompressed,
    actividad_codigo  INTEGER NOT NULL,
    actividad         VARCHAR,
    estado            VARCHAR NOT NULL CHECK (estado IN ('REGISTRADO', 'ATENDIDO', 'ANULADO')),
    estado_origen     VARCHAR NOT NULL,
    fecha_registro    TIMESTAMP NOT NULL,
    fecha_atencion    TIMESTAMP,
    fecha_anulacion   TIMESTAMP,
    causal            VARCHAR,
    fecha_limite      TIMESTAMP,
    unidad_operativa  VARCHAR,
    tecnico           VARCHAR,
    cliente           VARCHAR USING COMPRESSION uncompressed,
    ci_nit            VARCHAR,
    direccion         VARCHAR,
    zona              VARCHAR,
    observacion       VARCHAR,
    importacion_id    INTEGER NOT NULL
);
INSERT INTO ordenes_nueva SELECT * FROM ordenes;
DROP TABLE ordenes;
ALTER TABLE ordenes_nueva RENAME TO ordenes;
