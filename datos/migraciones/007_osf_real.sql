-- Lo que OSF entrega de verdad (DISENO §3.1): valores codificados «ID - DESC» o «ID : DESC», los estados de
-- OR_ORDER_STATUS por código, y código aparte de la descripción para causal, unidad operativa y tipo de trabajo.

-- El código de un valor codificado («8 - CERRADA», «8 : Cerrada», «8-Cerrada», «8», «8.0» de Excel), o NULL.
CREATE MACRO codigo_de(x) AS
    TRY_CAST(regexp_extract(x, '^\s*(-?\d+)(?:\.0+)?\s*(?:[-–—:]|$)', 1) AS BIGINT);

-- La descripción sin el código; NULL si no queda nada (Oracle escribe « - » para NULL || ' - ' || NULL).
CREATE MACRO descripcion_de(x) AS
    nullif(regexp_replace(trim(regexp_replace(x, '^\s*-?\d+(?:\.0+)?\s*(?:[-–—:]\s*|$)', '')), '^[-–—:\s]*$', ''), '');

-- La clave con que se busca un estado en mapeo_estados: el código si el valor lo trae (el código decide),
-- si no la descripción normalizada. La usan la importación y la página de administración.
CREATE MACRO clave_estado(x) AS
    coalesce(CAST(codigo_de(x) AS VARCHAR), normalizar_valor(descripcion_de(x)));

-- Equivalencias por clave. Las que ya había se conservan con su clave nueva; si dos caen en el mismo código
-- gana la lista de OSF. Luego se agrega la lista completa de OR_ORDER_STATUS sin pisar lo que ya estaba.
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
FROM (SELECT clave_estado(valor) AS clave, estado FROM mapeo_estados) m
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

-- Órdenes ATENDIDAS legalizadas con una causal de fallo (OSF cierra la orden sin el trabajo hecho):
-- por la clase que trae la exportación o por la lista del administrador. El indicador no cambia por esto.
CREATE VIEW ordenes_con_causal_fallo AS
SELECT ot FROM ordenes
WHERE estado = 'ATENDIDO'
  AND (causal_clase = 2 OR causal_codigo IN (SELECT codigo FROM causales_fallo));

-- Meses abreviados en español (Oracle con NLS español: «01-ENE-26») → en inglés, los que strptime conoce.
-- Sólo los que difieren; JUL, MAR, NOV… ya se leen.
CREATE MACRO mes_en_ingles(x) AS
    regexp_replace(regexp_replace(regexp_replace(regexp_replace(regexp_replace(x,
        '([-/ ])ene([-/ .])', '\1jan\2', 'i'), '([-/ ])abr([-/ .])', '\1apr\2', 'i'),
        '([-/ ])ago([-/ .])', '\1aug\2', 'i'), '([-/ ])dic([-/ .])', '\1dec\2', 'i'), '([-/ ])set([-/ .])', '\1sep\2', 'i');

-- Año de dos dígitos con la regla RR de Oracle (00–49 → 20xx, 50–99 → 19xx), sólo si el texto no traía el año con
-- cuatro dígitos (un «0026» escrito así se queda en 0026 y se rechaza). Dos casos: %Y también lee «26» (año 26), y
-- %y sigue la regla de POSIX (hasta 68 → 20xx).
CREATE MACRO siglo_rr(ts, txt) AS CASE
    WHEN year(ts) < 100 AND NOT regexp_matches(txt, '(^|[^0-9])[0-9]{4}([^0-9]|$)')
        THEN ts + to_years(CASE WHEN year(ts) < 50 THEN 2000 ELSE 1900 END)
    WHEN year(ts) BETWEEN 2050 AND 2068 AND NOT regexp_matches(txt, '(^|[^0-9])[0-9]{4}([^0-9]|$)')
        THEN ts - INTERVAL 100 YEAR
    ELSE ts
END;

-- leer_fecha (001) también con los meses en español. La traducción va dentro de la última rama, una sola vez: como
-- argumento de la macro se repetiría en cada rama y DuckDB la calcularía aparte para todas las filas (medido: 10×
-- más lenta una columna de un millón de fechas que ya calzaban con su formato).
CREATE OR REPLACE MACRO leer_fecha(x, formatos) AS CASE
    WHEN x IS NULL OR trim(x) = '' THEN NULL
    WHEN regexp_full_match(trim(x), '\d{5}(\.\d+)?')
        THEN TIMESTAMP '1899-12-30' + to_microseconds(CAST(round(CAST(trim(x) AS DOUBLE) * 86400000000) AS BIGINT))
    ELSE coalesce(try_strptime(trim(x), formatos), try_strptime(mes_en_ingles(trim(x)), formatos))
END;
