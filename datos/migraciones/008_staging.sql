-- Staging (issue 13): una sola definición de cada idea que leen las consultas de consultas/. Tablas crudas
-- (ordenes, seguimientos) → estas vistas y macros → consultas de página. DuckDB las expande dentro de cada
-- consulta (no guardan nada): el plan es el de la consulta escrita a mano (bench_kpi, bench_bandejas).

-- Órdenes de movimiento de poste: las de las actividades configuradas; las demás se guardan pero nunca cuentan.
CREATE VIEW ordenes_poste AS
SELECT * FROM ordenes
WHERE actividad_codigo IN (SELECT codigo FROM actividades_poste);

-- Si el momento `fecha` cae del día `desde` al día `hasta`, los dos enteros; NULL = sin ese extremo.
CREATE MACRO en_periodo(fecha, desde, hasta) AS
    (desde IS NULL OR fecha >= CAST(desde AS DATE)) AND (hasta IS NULL OR fecha < CAST(hasta AS DATE) + INTERVAL 1 DAY);

-- Las de poste registradas en el periodo (en_periodo de la fecha de registro).
CREATE MACRO ordenes_del_periodo(desde, hasta) AS TABLE
SELECT * FROM ordenes_poste
WHERE en_periodo(fecha_registro, desde, hasta);

-- Clave de un valor codificado (causal, unidad operativa): el código si la orden lo trae (agrupa aunque la
-- descripción cambie de ortografía), si no el texto normalizado; NULL si no hay ninguno.
CREATE MACRO clave_valor(codigo, texto) AS coalesce(CAST(codigo AS VARCHAR), nullif(normalizar_valor(texto), ''));

-- Clave de una causal de anulación: la que entrega bandeja_anulados_causales y recibe anuladas_del_periodo.
CREATE MACRO clave_causal(codigo, texto) AS coalesce(clave_valor(codigo, texto), '(sin causal)');

-- Las anuladas de poste del periodo con la causal `causal_elegida` (una clave_causal o la descripción en cualquier
-- ortografía; NULL = todas). Se compara con el código y con las descripciones tal como vienen en las anuladas sin
-- código: normalizar_valor corre sobre las descripciones distintas y no sobre cada orden (100.000 anuladas: 20 ms
-- y no 200 ms).
CREATE MACRO anuladas_del_periodo(desde, hasta, causal_elegida) AS TABLE
WITH elegida AS (
    SELECT TRY_CAST(causal_elegida AS BIGINT) AS codigo,
           normalizar_valor(causal_elegida) = '(sin causal)' AS sin_causal,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT causal) FROM ordenes
                        WHERE causal_elegida IS NOT NULL AND estado = 'ANULADO' AND causal_codigo IS NULL),
                       lambda t: clave_causal(NULL, t) = normalizar_valor(causal_elegida)) AS textos
)
SELECT o.*
FROM ordenes_del_periodo(desde, hasta) o, elegida c
WHERE o.estado = 'ANULADO'
  AND (causal_elegida IS NULL OR o.causal_codigo = c.codigo
       OR (o.causal_codigo IS NULL AND (list_contains(c.textos, o.causal) OR (o.causal IS NULL AND c.sin_causal))));

-- Las unidades operativas elegidas (la clave de semaforo_opciones o el nombre en cualquier ortografía) como
-- códigos y como los nombres tal como vienen en las órdenes de poste: normalizar_valor corre sobre los nombres
-- distintos y no sobre cada orden (1 M de órdenes, una unidad: ~60 ms; normalizando cada orden, ~180 ms).
-- Sin unidades no lee nada.
CREATE MACRO unidades_elegidas(unidades) AS TABLE
SELECT list_transform(CAST(unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
       -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
       list_filter((SELECT list(DISTINCT unidad_operativa) FROM ordenes_poste
                    WHERE CAST(unidades AS VARCHAR[]) IS NOT NULL),
                   lambda n: list_contains(list_transform(CAST(unidades AS VARCHAR[]), lambda u: normalizar_valor(u)),
                                           normalizar_valor(n))) AS nombres;

-- El recorte del KPI: las órdenes de poste del periodo, con `elegida` si pasan los filtros del Semáforo
-- (actividades INTEGER[], zonas VARCHAR[], unidades VARCHAR[]; NULL = todas). El KPI cuenta las elegidas y toma
-- el rango de meses de todas; la lista del mes, la causal de fallo y el informe leen sólo las elegidas.
CREATE MACRO ordenes_del_kpi(desde, hasta, actividades, zonas, unidades) AS TABLE
SELECT o.*,
       (CAST(actividades AS INTEGER[]) IS NULL OR list_contains(CAST(actividades AS INTEGER[]), o.actividad_codigo))
       AND (CAST(zonas AS VARCHAR[]) IS NULL OR list_contains(CAST(zonas AS VARCHAR[]), o.zona))
       AND (CAST(unidades AS VARCHAR[]) IS NULL
            OR list_contains(e.codigos, o.unidad_codigo) OR list_contains(e.nombres, o.unidad_operativa)) AS elegida
FROM ordenes_del_periodo(desde, hasta) o, unidades_elegidas(unidades) e;

-- Seguimiento. Cada registro con la versión que lo corrigió (corregido_por, NULL si ninguna). Una corrección es
-- otra fila que apunta a la que corrige (migración 001): vigente = la que ningún otro registro corrige.
-- fecha_coordinacion: la de contacto con Gestión de Redes, o el día en que se registró si no la trae.
CREATE VIEW seguimientos_versiones AS
SELECT s.*, CASE WHEN s.tipo = 'coordinacion' THEN coalesce(s.fecha_contacto, CAST(s.creado_en AS DATE)) END
                AS fecha_coordinacion,
       c.corregido_por
FROM seguimientos s
LEFT JOIN (SELECT corrige_a, min(id) AS corregido_por
           FROM seguimientos WHERE corrige_a IS NOT NULL GROUP BY corrige_a) c ON c.corrige_a = s.id;

-- La de la migración 003, ahora desde la misma definición: sus columnas y fecha_coordinacion.
CREATE OR REPLACE VIEW seguimientos_vigentes AS
SELECT * EXCLUDE (corregido_por) FROM seguimientos_versiones WHERE corregido_por IS NULL;

-- El registro actual de cada tipo de una orden: de sus vigentes de ese tipo (puede haber varios: un registro nuevo
-- no corrige al anterior), el de id mayor, el último escrito. El id lo da la secuencia al guardar: nunca empata,
-- no depende del reloj, y una corrección siempre tiene un id mayor que la versión que corrige.
CREATE VIEW seguimientos_actuales AS
SELECT * FROM seguimientos_vigentes
QUALIFY row_number() OVER (PARTITION BY ot, tipo ORDER BY id DESC) = 1;

-- La última coordinación de cada orden: otra pregunta que la actual, porque una coordinación escrita hoy puede
-- contar un contacto anterior. La vigente con la fecha_coordinacion más reciente; a igual fecha, la de id mayor.
CREATE VIEW ultimas_coordinaciones AS
SELECT * FROM seguimientos_vigentes
WHERE tipo = 'coordinacion'
QUALIFY row_number() OVER (PARTITION BY ot ORDER BY fecha_coordinacion DESC, id DESC) = 1;

-- La de la migración 003, ahora sobre el staging y con el periodo (desde/hasta como ordenes_del_periodo).
-- Lo que todavía necesita a alguien a la fecha `hoy`:
--   anulado_sin_medida        ANULADO sin medida correctiva vigente
--   registrado_sin_coordinar  REGISTRADO cuya última coordinación no es de los últimos `dias` días (o no hay)
--   atendido_sin_verificar    ATENDIDO sin verificación vigente
CREATE OR REPLACE MACRO pendientes_seguimiento(hoy, dias, desde, hasta) AS TABLE
-- La fecha de la última coordinación (la de ultimas_coordinaciones) con max() en la misma lectura de los vigentes que
-- da lo demás: leer además la vista eran dos lecturas y una ventana, ~25 % más con 1 M de órdenes (bench_bandejas).
WITH hechos AS (
    SELECT ot, bool_or(tipo = 'medida_correctiva') AS con_medida, bool_or(tipo = 'verificacion') AS verificada,
           max(fecha_coordinacion) AS ultima_coordinacion
    FROM seguimientos_vigentes
    GROUP BY ot
)
SELECT CASE o.estado WHEN 'ANULADO' THEN 'anulado_sin_medida'
                     WHEN 'REGISTRADO' THEN 'registrado_sin_coordinar'
                     ELSE 'atendido_sin_verificar' END AS categoria,
       o.ot, o.estado, o.fecha_registro,
       date_diff('day', CAST(o.fecha_registro AS DATE), CAST(hoy AS DATE)) AS edad_dias,
       coalesce(o.fecha_anulacion, o.fecha_atencion) AS fecha_cierre,
       o.causal, o.tecnico, o.zona, h.ultima_coordinacion,
       date_diff('day', h.ultima_coordinacion, CAST(hoy AS DATE)) AS dias_desde_coordinacion
FROM ordenes_del_periodo(desde, hasta) o
LEFT JOIN hechos h USING (ot)
WHERE CASE o.estado
        WHEN 'ANULADO' THEN NOT coalesce(h.con_medida, false)
        WHEN 'REGISTRADO' THEN h.ultima_coordinacion IS NULL
                               OR h.ultima_coordinacion < CAST(hoy AS DATE) - CAST(dias AS INTEGER)
        ELSE NOT coalesce(h.verificada, false) END;
