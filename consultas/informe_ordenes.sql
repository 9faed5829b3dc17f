-- Informe mensual: cada orden de movimiento de poste registrada en el mes (mismo recorte que el KPI:
-- mes de fecha_registro, actividades configuradas, filtros de zona y unidad) con su seguimiento vigente.
-- Vigente = la vista seguimientos_vigentes (migración 003), la misma de las bandejas.
-- $hoy: fecha del informe, para la antigüedad de las pendientes.
-- Las unidades de $unidades (la clave de semaforo_opciones o el nombre en cualquier ortografía) como códigos y
-- como los nombres tal como vienen en las órdenes, igual que en kpi_mensual. Sin $unidades no se lee nada.
WITH elegidas AS (
    SELECT list_transform(CAST($unidades AS VARCHAR[]), lambda u: TRY_CAST(u AS BIGINT)) AS codigos,
           -- list_filter sobre la lista ya agregada: un WHERE se empujaría debajo del DISTINCT, a cada orden.
           list_filter((SELECT list(DISTINCT unidad_operativa) FROM ordenes
                        WHERE CAST($unidades AS VARCHAR[]) IS NOT NULL
                          AND actividad_codigo IN (SELECT codigo FROM actividades_poste)),
                       lambda n: list_contains(list_transform(CAST($unidades AS VARCHAR[]),
                                                              lambda u: normalizar_valor(u)),
                                               normalizar_valor(n))) AS nombres
),
cohorte AS (
    SELECT o.*
    FROM ordenes o, elegidas e
    WHERE o.fecha_registro >= $desde AND o.fecha_registro < $hasta
      AND o.actividad_codigo IN (SELECT codigo FROM actividades_poste)
      AND (CAST($actividades AS INTEGER[]) IS NULL OR list_contains(CAST($actividades AS INTEGER[]), o.actividad_codigo))
      AND (CAST($zonas AS VARCHAR[]) IS NULL OR list_contains(CAST($zonas AS VARCHAR[]), o.zona))
      AND (CAST($unidades AS VARCHAR[]) IS NULL
           OR list_contains(e.codigos, o.unidad_codigo) OR list_contains(e.nombres, o.unidad_operativa))
),
vigentes AS (
    SELECT s.*, coalesce(u.nombre, s.autor) AS autor_nombre
    FROM seguimientos_vigentes s
    LEFT JOIN usuarios u ON u.usuario = s.autor
    WHERE s.ot IN (SELECT ot FROM cohorte)
),
ultimo AS (  -- el último registro vigente de cada tipo por orden
    SELECT * FROM vigentes
    QUALIFY row_number() OVER (PARTITION BY ot, tipo ORDER BY coalesce(fecha_contacto, creado_en) DESC, creado_en DESC, id DESC) = 1
)
SELECT
    c.ot, c.solicitud, c.actividad_codigo, c.actividad, c.estado, c.estado_origen,
    c.fecha_registro, c.fecha_atencion, c.fecha_anulacion, c.causal, c.fecha_limite,
    date_diff('day', CAST(c.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
    tramo_edad(date_diff('day', CAST(c.fecha_registro AS DATE), CAST($hoy AS DATE))) AS tramo,
    c.unidad_operativa, c.tecnico, c.zona, c.cliente, c.ci_nit, c.direccion, c.observacion,
    m.texto AS medida_texto, m.autor_nombre AS medida_autor, m.creado_en AS medida_fecha,
    k.texto AS coord_texto, k.autor_nombre AS coord_autor,
    coalesce(k.fecha_contacto, CAST(k.creado_en AS DATE)) AS coord_fecha,
    k.contacto AS coord_contacto, k.fecha_acordada AS coord_acordada, k.creado_en AS coord_creado,
    v.resultado AS verif_resultado, v.texto AS verif_texto, v.autor_nombre AS verif_autor, v.creado_en AS verif_fecha
FROM cohorte c
LEFT JOIN ultimo m ON m.ot = c.ot AND m.tipo = 'medida_correctiva'
LEFT JOIN ultimo k ON k.ot = c.ot AND k.tipo = 'coordinacion'
LEFT JOIN ultimo v ON v.ot = c.ot AND v.tipo = 'verificacion'
ORDER BY c.estado, c.fecha_registro, c.ot
