-- Lo que OSF entrega de verdad (DISENO §3.1): valores codificados «ID - DESC» o «ID : DESC», los estados de
-- OR_ORDER_STATUS por código, y código aparte de la descripción para causal, unidad operativa y tipo de trabajo.

-- Equivalencias por clave (la de clave_estado, hoy en consultas/modelo/: el código si el valor lo trae, si no la
-- descripción normalizada). Las que ya había se conservan con su clave nueva; si dos caen en el mismo código gana la
-- lista de OSF. Luego se agrega la lista completa de OR_ORDER_STATUS sin pisar lo que ya estaba.
CREATE TABLE mapeo_estados_nuevo (
    valor   VARCHAR PRIMARY KEY,               -- clave_estado(): código, o descripción normalizada
    estado  VARCHAR NOT NULL CHECK (estado IN ('REGISTRADO', 'ATENDIDO', 'ANULADO'))
);
CREATE TEMP TABLE osf_estados AS SELECT * FROM (VALUES
    ('-1', 'REGISTRADO'), ('0', 'REGISTRADO'), ('1', 'REGISTRADO'), ('2', 'REGISTRADO'), ('5', 'REGISTRADO'),
    ('6', 'REGISTRADO'), ('7', 'ATENDIDO'), ('8', 'ATENDIDO'), ('11', 'REGISTRADO'), ('12', 'ANULADO'),
    ('18', 'REGISTRADO'), ('19', 'REGISTRADO'), ('20', 'REGISTRADO'),
    ('esperando registro', 'REGISTRADO'), ('registrada', 'REGISTRADO'), ('registrado', 'REGISTRADO'),
    ('programada', 'REGISTRADO'), ('programado', 'REGISTRADO'), ('generada', 'REGISTRADO'),
    ('generado', 'REGISTRADO'), ('asignada', 'REGISTRADO'), ('asignado', 'REGISTRADO'),
    ('en ejecucion', 'REGISTRADO'), ('bloqueada', 'REGISTRADO'), ('bloqueado', 'REGISTRADO'),
    ('en espera', 'REGISTRADO'), ('movilizando', 'REGISTRADO'), ('planeada', 'REGISTRADO'),
    ('planeado', 'REGISTRADO'),
    ('ejecutada', 'ATENDIDO'), ('ejecutado', 'ATENDIDO'), ('cerrada', 'ATENDIDO'), ('cerrado', 'ATENDIDO'),
    ('legalizada', 'ATENDIDO'), ('legalizado', 'ATENDIDO'), ('atendida', 'ATENDIDO'), ('atendido', 'ATENDIDO'),
    ('anulada', 'ANULADO'), ('anulado', 'ANULADO')
) t(valor, estado);
INSERT INTO mapeo_estados_nuevo
SELECT clave, coalesce(any_value(o.estado), min(m.estado))
-- clave_estado escrita aquí como era al hacer esta migración: una migración no usa las macros del modelo, que pueden
-- cambiar después. Código: el número del principio; descripción: lo que sigue, normalizado como normalizar_valor.
FROM (SELECT coalesce(CAST(codigo AS VARCHAR),
                      regexp_replace(lower(strip_accents(trim(regexp_replace(descripcion, '\s+', ' ', 'g')))),
                                     '\s*-\s*', ' - ', 'g')) AS clave, estado
      FROM (SELECT TRY_CAST(regexp_extract(valor, '^\s*(-?\d+)(?:\.0+)?\s*(?:[-–—:]|$)', 1) AS BIGINT) AS codigo,
                   nullif(regexp_replace(trim(regexp_replace(valor, '^\s*-?\d+(?:\.0+)?\s*(?:[-–—:]\s*|$)', '')),
                                         '^[-–—:\s]*$', ''), '') AS descripcion,
                   estado
            FROM mapeo_estados)) m
LEFT JOIN osf_estados o ON o.valor = m.clave
WHERE clave IS NOT NULL
GROUP BY clave;
INSERT INTO mapeo_estados_nuevo SELECT valor, estado FROM osf_estados ON CONFLICT DO NOTHING;
DROP TABLE osf_estados;
DROP TABLE mapeo_estados;
ALTER TABLE mapeo_estados_nuevo RENAME TO mapeo_estados;

-- Código y descripción por separado: los filtros y el Pareto agrupan por código aunque la descripción cambie
-- de ortografía entre exportaciones. `causal` y `unidad_operativa` siguen siendo la descripción.
ALTER TABLE ordenes ADD COLUMN causal_codigo BIGINT;
ALTER TABLE ordenes ADD COLUMN causal_clase SMALLINT;      -- GE_CAUSAL.CLASS_CAUSAL_ID: 1 éxito, 2 fallo
ALTER TABLE ordenes ADD COLUMN unidad_codigo BIGINT;
ALTER TABLE ordenes ADD COLUMN tipo_trabajo_codigo BIGINT; -- OR_ORDER.TASK_TYPE_ID
ALTER TABLE ordenes ADD COLUMN tipo_trabajo VARCHAR;

-- Causales que el administrador marca como «fallo» cuando la exportación no trae la clase.
CREATE TABLE causales_fallo (
    codigo       BIGINT PRIMARY KEY,
    descripcion  VARCHAR
);

-- Las macros y la vista de esta migración (codigo_de, descripcion_de, clave_estado, ordenes_con_causal_fallo,
-- mes_en_ingles, siglo_rr y leer_fecha con los meses en español) viven en consultas/modelo/.
