-- Opciones de los filtros del Semáforo: meses con órdenes de poste, zonas, unidades operativas presentes y las
-- actividades configuradas. Una sola lectura de las órdenes de poste, agrupada por zona y unidad tal como vienen
-- (unas decenas de grupos); lo demás se calcula sobre esos grupos. Así normalizar_valor (expresiones regulares)
-- corre sobre unas pocas ortografías y no sobre cada orden (1 M de órdenes: ~60 ms; normalizando cada una, ~430 ms).
-- Unidades: una por clave —el código (OPERATING_UNIT_ID) si la orden lo trae, si no el nombre normalizado—, con
-- la ortografía más usada como nombre; `unidades_claves` y `unidades_etiquetas` van en el mismo orden. Si dos
-- claves comparten nombre (normalizado), la que tiene código lo lleva entre paréntesis en su etiqueta. Un nombre sin
-- código que es el de un solo código va con ese código (codigos_unidos de consultas/modelo/; lo mismo unidades_elegidas).
-- zonas_por_mes: los meses (de registro) de cada zona, para ofrecer sólo las zonas del periodo elegido.
-- Lee: ordenes_poste, codigos_unidos y clave_valor (la clave de la unidad), tabla actividades_poste (las configuradas).
WITH grupos AS (
    SELECT o.zona, o.unidad_codigo, o.unidad_operativa, date_trunc('month', o.fecha_registro)::DATE AS mes,
           min(o.fecha_registro) AS primera,
           max(o.fecha_registro) AS ultima, count(*) AS n
    FROM ordenes_poste o
    GROUP BY ALL
),
unidas AS (
    SELECT * FROM codigos_unidos((SELECT list(DISTINCT {'codigo': unidad_codigo, 'texto': unidad_operativa})
                                  FROM grupos))
),
escrituras AS (  -- cada ortografía de cada unidad y cuántas órdenes la usan
    SELECT clave_valor(u.unido, g.unidad_operativa) AS clave,
           u.unido AS codigo, nullif(trim(g.unidad_operativa), '') AS nombre, sum(g.n) AS n
    FROM grupos g
    JOIN unidas u ON u.codigo IS NOT DISTINCT FROM g.unidad_codigo AND u.texto IS NOT DISTINCT FROM g.unidad_operativa
    GROUP BY ALL
    HAVING clave IS NOT NULL
),
unidades AS (
    SELECT clave, any_value(codigo) AS codigo,
           -- Una orden con código y sin nombre no le quita el nombre a las que lo traen.
           coalesce(first(nombre ORDER BY nombre IS NULL, n DESC, nombre), 'Unidad ' || clave) AS nombre
    FROM escrituras
    GROUP BY clave
),
etiquetas AS (
    SELECT clave, nombre,
           CASE WHEN codigo IS NOT NULL AND count(*) OVER (PARTITION BY normalizar_valor(nombre)) > 1
                THEN nombre || ' (' || codigo || ')' ELSE nombre END AS etiqueta
    FROM unidades
)
SELECT date_trunc('month', min(g.primera))::DATE AS primer_mes,
       date_trunc('month', max(g.ultima))::DATE AS ultimo_mes,
       coalesce(list(DISTINCT g.zona ORDER BY g.zona) FILTER (WHERE g.zona IS NOT NULL), []) AS zonas,
       coalesce(list(DISTINCT {'mes': g.mes, 'zona': g.zona}) FILTER (WHERE g.zona IS NOT NULL), [])
           AS zonas_por_mes,
       (SELECT coalesce(list(clave ORDER BY etiqueta, clave), []) FROM etiquetas) AS unidades_claves,
       (SELECT coalesce(list(etiqueta ORDER BY etiqueta, clave), []) FROM etiquetas) AS unidades_etiquetas,
       (SELECT coalesce(list(DISTINCT nombre ORDER BY nombre), []) FROM etiquetas) AS unidades,
       (SELECT coalesce(list(codigo ORDER BY codigo), []) FROM actividades_poste) AS actividades,
       (SELECT coalesce(list(descripcion ORDER BY codigo), []) FROM actividades_poste) AS descripciones
FROM grupos g
