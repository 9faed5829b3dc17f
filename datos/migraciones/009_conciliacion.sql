-- Conciliación mensual de facturas CxC (paso 15 del procedimiento; issue 15; DISENO §8 y §3.1). La Encargada de
-- Facturación importa las exportaciones de facturación, concilia cada mes las facturas contra los trámites de
-- movimiento de poste, explica las excepciones y firma el mes.

-- El rol «facturacion». DuckDB no cambia una restricción CHECK: la tabla se rehace, con los mismos datos.
CREATE TABLE usuarios_nueva (
    usuario           VARCHAR PRIMARY KEY,
    nombre            VARCHAR NOT NULL,
    rol               VARCHAR NOT NULL
                      CHECK (rol IN ('atencion', 'retencion', 'jefatura', 'administrador', 'facturacion')),
    email             VARCHAR,
    clave_hash        VARCHAR,
    intentos_fallidos INTEGER NOT NULL DEFAULT 0,
    bloqueado_hasta   TIMESTAMP,
    activo            BOOLEAN NOT NULL DEFAULT true,
    creado_en         TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp)
);
INSERT INTO usuarios_nueva SELECT * FROM usuarios;
DROP TABLE usuarios;
ALTER TABLE usuarios_nueva RENAME TO usuarios;

-- Qué trajo cada importación: 'ordenes' o 'facturas' (la familia lo dice en palabras; esto, para filtrar).
ALTER TABLE importaciones ADD COLUMN tipo VARCHAR DEFAULT 'ordenes';

-- Una fila por factura (FACTURA: FACTCODI, FACTFEGE) con su último estado conocido. Sin PRIMARY KEY, como ordenes:
-- la unicidad la garantiza la importación (facturas_escribir.sql).
CREATE TABLE facturas (
    factura         VARCHAR NOT NULL,          -- FACTCODI / «Nro. Factura» (sin el «.0» de Excel)
    fecha_emision   TIMESTAMP NOT NULL,        -- FACTFEGE / «Fecha Emisión»
    estado          VARCHAR NOT NULL CHECK (estado IN ('VIGENTE', 'ANULADA')),
    estado_origen   VARCHAR NOT NULL,          -- el valor tal como vino
    cliente         VARCHAR,
    ci_nit          VARCHAR,
    importacion_id  INTEGER NOT NULL
);

-- Los cargos de cada factura (CARGOS). `linea` es la clave de un cargo entre exportaciones (OSF no exporta un
-- identificador del cargo): factura, signo y la solicitud (o el documento, si no es «PP-…»).
CREATE TABLE facturas_lineas (
    linea            VARCHAR NOT NULL,
    factura          VARCHAR NOT NULL,
    cuenta_cobro     VARCHAR,                  -- CUCOCODI / CARGCUCO
    solicitud        VARCHAR,                  -- PACKAGE_ID: «Nro. Solicitud», o CARGDOSO = 'PP-' || PACKAGE_ID
    documento        VARCHAR,                  -- CARGDOSO tal como vino
    concepto_codigo  BIGINT,
    concepto         VARCHAR,
    concepto_normal  VARCHAR,                  -- normalizar_valor(concepto), para compararlo con conceptos_poste
    signo            VARCHAR NOT NULL CHECK (signo IN ('DB', 'CR')),   -- CARGSIGN: CR = nota de crédito
    importe          DECIMAL(18, 2) NOT NULL CHECK (importe >= 0),      -- CARGVALO, siempre positivo
    importacion_id   INTEGER NOT NULL
);

-- Una fila por importación que vio un estado nuevo de la factura (como historial_estados para las órdenes).
CREATE TABLE historial_facturas (
    factura          VARCHAR NOT NULL,
    importacion_id   INTEGER NOT NULL,
    estado_anterior  VARCHAR,
    estado           VARCHAR NOT NULL,
    estado_origen    VARCHAR NOT NULL,
    fecha            TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp)
);

-- Estados de factura → VIGENTE o ANULADA, por clave_estado (código si lo trae, si no la descripción normalizada),
-- como mapeo_estados. Un valor que no está nunca se adivina («cancelada», que en caja quiere decir pagada, no está).
CREATE TABLE mapeo_estados_factura (
    valor   VARCHAR PRIMARY KEY,
    estado  VARCHAR NOT NULL CHECK (estado IN ('VIGENTE', 'ANULADA'))
);
-- (Las claves ya escritas como las da clave_estado: una migración no usa las macros del modelo.)
INSERT INTO mapeo_estados_factura VALUES
    ('vigente', 'VIGENTE'), ('valida', 'VIGENTE'), ('emitida', 'VIGENTE'), ('activa', 'VIGENTE'), ('pagada', 'VIGENTE'),
    ('pendiente', 'VIGENTE'), ('anulada', 'ANULADA'), ('anulado', 'ANULADA');

-- Conceptos de cobro del movimiento de poste (la clave: el código como texto o la descripción normalizada). Un cargo
-- de otro concepto se guarda pero no entra en la conciliación; uno sin concepto (la exportación ya venía filtrada), sí.
CREATE TABLE conceptos_poste (
    clave        VARCHAR PRIMARY KEY,
    descripcion  VARCHAR NOT NULL
);
INSERT INTO conceptos_poste VALUES
    ('movimiento de poste', 'Movimiento de poste'), ('traslado de poste', 'Traslado de poste'),
    ('servicio de ingenieria traslado poste usuario', 'Servicio de Ingeniería Traslado Poste Usuario');

-- La tarifa de la CxC de un trámite desde una fecha (DISENO §8: Bs. 1000 en 2021). Rige la de `desde` más reciente
-- que no pase el día de la factura; un cambio lo hace el administrador y queda en la auditoría.
CREATE TABLE tarifas (
    desde    DATE PRIMARY KEY,
    importe  DECIMAL(18, 2) NOT NULL CHECK (importe > 0)
);
INSERT INTO tarifas VALUES (DATE '2000-01-01', 1000);

-- Explicación de una excepción de la conciliación: sólo se agregan filas (una nueva corrige a la anterior, que queda).
-- `clave`: 'S:<solicitud>', 'O:<OT>' (orden sin N° de solicitud) o 'F:<factura>' (factura sin trámite). Vale mientras
-- el trámite siga en la misma categoría: una importación que lo cambia de categoría no la borra, sólo deja de contarla.
CREATE SEQUENCE seq_explicaciones START 1;
CREATE TABLE explicaciones (
    id          INTEGER PRIMARY KEY DEFAULT nextval('seq_explicaciones'),
    mes         DATE NOT NULL,
    clave       VARCHAR NOT NULL,
    categoria   VARCHAR NOT NULL,
    corrige_a   INTEGER,
    texto       VARCHAR NOT NULL,
    autor       VARCHAR NOT NULL,
    rol         VARCHAR NOT NULL,
    creado_en   TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp)
);

-- Firmas del mes: «Elaborado por» (facturación) y «Revisado por» (jefatura, de una elaboración). `resultado` guarda el
-- resultado del mes al firmar (consultas/conciliacion_instantanea.sql): no cambia aunque una importación posterior
-- mueva algo, y la página muestra qué cambió desde la firma.
CREATE SEQUENCE seq_firmas_conciliacion START 1;
CREATE TABLE firmas_conciliacion (
    id            INTEGER PRIMARY KEY DEFAULT nextval('seq_firmas_conciliacion'),
    mes           DATE NOT NULL,
    tipo          VARCHAR NOT NULL CHECK (tipo IN ('elaborado', 'revisado')),
    elaborado_id  INTEGER,                     -- revisado: la elaboración que revisa
    usuario       VARCHAR NOT NULL,
    nombre        VARCHAR NOT NULL,
    rol           VARCHAR NOT NULL,
    resultado     JSON NOT NULL,
    creado_en     TIMESTAMP NOT NULL DEFAULT timezone('America/La_Paz', current_timestamp)
);

-- Las vistas y macros de la conciliación (explicaciones_vigentes, concepto_de_poste, cargos_poste, ci_numero,
-- importe_de, conciliacion_del_mes) viven en consultas/modelo/.
