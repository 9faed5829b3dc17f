-- Operación desatendida que acierta el día (issue 23): feriados propios, corridas que se ven aunque mueran, avisos de
-- archivos rechazados y correos que no se pierden en silencio. DuckDB no cambia un CHECK: las tablas cuyo CHECK
-- crece se copian a una nueva con el mismo nombre (ninguna vista las lee).

-- Los feriados que agrega el administrador (los nacionales, fijos y móviles, los da el paquete holidays). `cada_anio`:
-- se repite el mismo día y mes desde el año de `fecha` (Cochabamba, 14 de septiembre).
CREATE TABLE feriados (
    fecha         DATE PRIMARY KEY,
    nombre        VARCHAR NOT NULL,
    cada_anio     BOOLEAN NOT NULL DEFAULT false,
    agregado_por  VARCHAR NOT NULL,
    agregado_en   TIMESTAMP NOT NULL
);

-- Una fila por `python -m datos tareas`, escrita al empezar y cerrada al terminar: la que quedó sin fin cuando empieza
-- la siguiente murió a mitad (kill -9, corte de luz) y Operación lo dice.
CREATE SEQUENCE tareas_ejecuciones_id;
CREATE TABLE tareas_ejecuciones (
    id            BIGINT PRIMARY KEY DEFAULT nextval('tareas_ejecuciones_id'),
    inicio        TIMESTAMP NOT NULL,
    fin           TIMESTAMP,
    interrumpida  BOOLEAN NOT NULL DEFAULT false
);

-- Los archivos que la carpeta de entrada apartó en rechazados/: se cuentan en Operación y se avisan una vez por correo
-- a quienes importan. `aviso` NULL: todavía no se avisó (se reintenta); si no, cómo terminó.
CREATE SEQUENCE rechazos_entrada_id;
CREATE TABLE rechazos_entrada (
    id            BIGINT PRIMARY KEY DEFAULT nextval('rechazos_entrada_id'),
    archivo       VARCHAR NOT NULL UNIQUE,   -- ruta completa en rechazados/
    problemas     VARCHAR NOT NULL,          -- ruta del .problemas.txt
    rechazado_en  TIMESTAMP NOT NULL,
    aviso         VARCHAR
);

ALTER TABLE tareas_corridas RENAME TO tareas_corridas_012;
CREATE TABLE tareas_corridas (
    id          BIGINT PRIMARY KEY DEFAULT nextval('tareas_corridas_id'),
    tarea       VARCHAR NOT NULL CHECK (tarea IN ('carpeta_entrada', 'informes_mensuales', 'alerta_diaria',
                                                  'aviso_rechazos', 'respaldo')),
    periodo     VARCHAR NOT NULL,
    inicio      TIMESTAMP NOT NULL,
    duracion_s  DOUBLE NOT NULL,
    resultado   VARCHAR NOT NULL CHECK (resultado IN ('hecho', 'sin_novedad', 'fallido')),
    detalle     VARCHAR NOT NULL
);
INSERT INTO tareas_corridas SELECT * FROM tareas_corridas_012;
DROP TABLE tareas_corridas_012;

-- Quién recibe el aviso de un archivo rechazado: al empezar, quienes importan órdenes.
ALTER TABLE destinatarios RENAME TO destinatarios_013;
CREATE TABLE destinatarios (
    tipo  VARCHAR NOT NULL CHECK (tipo IN ('alerta', 'informe_mensual', 'rechazo')),
    rol   VARCHAR NOT NULL CHECK (rol IN ('atencion', 'retencion', 'jefatura', 'administrador', 'facturacion')),
    PRIMARY KEY (tipo, rol)
);
INSERT INTO destinatarios SELECT * FROM destinatarios_013;
DROP TABLE destinatarios_013;
INSERT INTO destinatarios VALUES ('rechazo', 'atencion'), ('rechazo', 'retencion');

-- «no_enviada»: un envío que ya no tiene sentido reintentar (la alerta de un día que pasó), con su motivo en `error`;
-- `mencionado_en`: el periodo de la alerta que salió después y lo contó.
ALTER TABLE envios RENAME TO envios_013;
CREATE TABLE envios (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_envios'),
    tipo            VARCHAR NOT NULL CHECK (tipo IN ('alerta', 'informe_mensual', 'rechazo')),
    periodo         VARCHAR NOT NULL,
    asunto          VARCHAR NOT NULL,
    destinatarios   VARCHAR,
    estado          VARCHAR NOT NULL CHECK (estado IN ('enviando', 'enviado', 'fallido', 'no_enviada')),
    intentos        INTEGER NOT NULL DEFAULT 0,
    error           VARCHAR,
    primer_intento  TIMESTAMP NOT NULL,
    ultimo_intento  TIMESTAMP NOT NULL,
    enviado_en      TIMESTAMP,
    mencionado_en   VARCHAR,
    UNIQUE (tipo, periodo)
);
INSERT INTO envios BY NAME SELECT * FROM envios_013;
DROP TABLE envios_013;

-- Lo que dijo el informe del mes al archivarse (porcentaje y veredicto): el correo reintentado dice lo mismo.
ALTER TABLE informes_archivados ADD COLUMN resumen VARCHAR;
