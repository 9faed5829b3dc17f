-- Esquema base. Nombres en español; los nombres de columnas de Smartflex no llegan aquí.
-- Las macros que creaba (normalizar_valor, limpio, leer_fecha) viven en consultas/modelo/: las migraciones guardan tablas y
-- datos; el modelo se aplica al abrir la base, después de ellas (datos/conexion.py).

CREATE SEQUENCE seq_importaciones START 1;
CREATE TABLE importaciones (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_importaciones'),
    archivo         VARCHAR NOT NULL,
    hash            VARCHAR NOT NULL,          -- sha512 del contenido
    familia         VARCHAR NOT NULL,
    filas_leidas    INTEGER NOT NULL,
    nuevas          INTEGER NOT NULL,
    actualizadas    INTEGER NOT NULL,
    sin_cambio      INTEGER NOT NULL,
    duplicados      INTEGER NOT NULL,          -- filas idénticas colapsadas
    otras_actividades INTEGER NOT NULL,
    resumen         JSON,                      -- transiciones y advertencias
    usuario         VARCHAR NOT NULL,
    fecha           TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    resultado       VARCHAR NOT NULL DEFAULT 'importado'
);
CREATE INDEX importaciones_hash ON importaciones(hash);

-- Una fila por OT con su último estado conocido. Sin PRIMARY KEY a propósito: el índice ART vuelve
-- varias veces más lenta la carga masiva (DISENO §7); la unicidad la garantiza la importación (escribir.sql)
-- y la comprueba tests/test_importar.py.
CREATE TABLE ordenes (
    ot                BIGINT NOT NULL,
    solicitud         VARCHAR,
    actividad_codigo  INTEGER NOT NULL,
    actividad         VARCHAR,
    estado            VARCHAR NOT NULL CHECK (estado IN ('REGISTRADO', 'ATENDIDO', 'ANULADO')),
    estado_origen     VARCHAR NOT NULL,        -- el valor tal como vino de Smartflex
    fecha_registro    TIMESTAMP NOT NULL,
    fecha_atencion    TIMESTAMP,
    fecha_anulacion   TIMESTAMP,
    causal            VARCHAR,
    fecha_limite      TIMESTAMP,
    unidad_operativa  VARCHAR,
    tecnico           VARCHAR,
    cliente           VARCHAR,
    ci_nit            VARCHAR,
    direccion         VARCHAR,
    zona              VARCHAR,
    observacion       VARCHAR,
    importacion_id    INTEGER NOT NULL
);

-- Una fila por importación que vio un estado nuevo de la OT.
CREATE TABLE historial_estados (
    ot               BIGINT NOT NULL,
    importacion_id   INTEGER NOT NULL,
    estado_anterior  VARCHAR,
    estado           VARCHAR NOT NULL,
    estado_origen    VARCHAR NOT NULL,
    fecha            TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Seguimiento de cada OT: sólo se agregan filas. Una corrección es otra fila que apunta a la que corrige.
CREATE SEQUENCE seq_seguimientos START 1;
CREATE TABLE seguimientos (
    id               INTEGER PRIMARY KEY DEFAULT nextval('seq_seguimientos'),
    ot               BIGINT NOT NULL,
    tipo             VARCHAR NOT NULL CHECK (tipo IN ('medida_correctiva', 'coordinacion', 'verificacion')),
    corrige_a        INTEGER,                  -- id de la versión anterior, si es una corrección
    texto            VARCHAR NOT NULL,
    fecha_contacto   DATE,                     -- coordinación: cuándo se habló con Gestión de Redes
    contacto         VARCHAR,                  -- coordinación: con quién
    fecha_acordada   DATE,                     -- coordinación: fecha comprometida
    resultado        VARCHAR,                  -- verificación: 'conforme' | 'con_observacion'
    autor            VARCHAR NOT NULL,
    rol              VARCHAR NOT NULL,
    suplente         BOOLEAN NOT NULL DEFAULT false,
    creado_en        TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

-- Tabla de equivalencias de estados (editable por el administrador).
CREATE TABLE mapeo_estados (
    valor   VARCHAR PRIMARY KEY,               -- ya normalizado con normalizar_valor
    estado  VARCHAR NOT NULL CHECK (estado IN ('REGISTRADO', 'ATENDIDO', 'ANULADO'))
);

CREATE TABLE actividades_poste (
    codigo       INTEGER PRIMARY KEY,
    descripcion  VARCHAR NOT NULL
);

CREATE TABLE ajustes (
    clave  VARCHAR PRIMARY KEY,
    valor  VARCHAR NOT NULL
);

CREATE TABLE usuarios (
    usuario           VARCHAR PRIMARY KEY,
    nombre            VARCHAR NOT NULL,
    rol               VARCHAR NOT NULL CHECK (rol IN ('atencion', 'retencion', 'jefatura', 'administrador')),
    email             VARCHAR,
    clave_hash        VARCHAR,
    intentos_fallidos INTEGER NOT NULL DEFAULT 0,
    bloqueado_hasta   TIMESTAMP,
    activo            BOOLEAN NOT NULL DEFAULT true,
    creado_en         TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);

CREATE SEQUENCE seq_ausencias START 1;
CREATE TABLE ausencias (
    id              INTEGER PRIMARY KEY DEFAULT nextval('seq_ausencias'),
    desde           DATE NOT NULL,
    hasta           DATE NOT NULL,
    motivo          VARCHAR,
    registrado_por  VARCHAR NOT NULL,
    creado_en       TIMESTAMP NOT NULL DEFAULT current_localtimestamp(),
    CHECK (hasta >= desde)
);

CREATE SEQUENCE seq_auditoria START 1;
CREATE TABLE auditoria (
    id       INTEGER PRIMARY KEY DEFAULT nextval('seq_auditoria'),
    usuario  VARCHAR NOT NULL,
    accion   VARCHAR NOT NULL,
    detalle  VARCHAR,
    fecha    TIMESTAMP NOT NULL DEFAULT current_localtimestamp()
);
