-- Informe mensual: cada orden de movimiento de poste registrada en el mes (mismo recorte que el KPI:
-- mes de fecha_registro, actividades configuradas, filtros de zona y unidad) con su seguimiento: la medida
-- correctiva y la verificación actuales y la última coordinación, las mismas que muestran las bandejas.
-- $desde: primer día del mes; $hasta: primer día del mes siguiente (no se incluye). $hoy: fecha del informe,
-- para la antigüedad de las pendientes.
-- Lee: ordenes_del_kpi (sólo las elegidas), seguimientos_actuales, ultimas_coordinaciones, tabla seguimientos
-- (las columnas anchas de los registros elegidos).
WITH cohorte AS (
    SELECT *
    FROM ordenes_del_kpi($desde, CAST($hasta AS DATE) - INTERVAL 1 DAY, $actividades, $zonas, $unidades)
    WHERE elegida
),
-- Primero qué registro se muestra de cada tipo, con columnas angostas; después las anchas sólo de esos, como la
-- `pagina` de las bandejas (leer las vistas con todas sus columnas: 1,1 s en vez de 0,5 s con 1 M de órdenes de
-- poste, bench_informe --poste 1).
elegidos AS (
    SELECT ot, id, NULL AS fecha_coordinacion FROM seguimientos_actuales WHERE tipo <> 'coordinacion'
    UNION ALL
    SELECT ot, id, fecha_coordinacion FROM ultimas_coordinaciones
),
ultimo AS (  -- con el nombre de su autor
    SELECT s.*, e.fecha_coordinacion, nombre_persona(s.autor, u.nombre) AS autor_nombre
    FROM elegidos e
    JOIN seguimientos s USING (id)
    LEFT JOIN usuarios u ON u.usuario = s.autor
    WHERE e.ot IN (SELECT ot FROM cohorte)
)
SELECT
    c.ot, c.solicitud, c.actividad_codigo, c.actividad, c.estado, c.estado_origen,
    c.fecha_registro, c.fecha_atencion, c.fecha_anulacion, c.causal, c.fecha_limite,
    date_diff('day', CAST(c.fecha_registro AS DATE), CAST($hoy AS DATE)) AS edad_dias,
    tramo_edad(date_diff('day', CAST(c.fecha_registro AS DATE), CAST($hoy AS DATE))) AS tramo,
    c.unidad_operativa, c.tecnico, c.zona, c.cliente, c.ci_nit, c.direccion, c.observacion,
    m.texto AS medida_texto, m.autor_nombre AS medida_autor, m.creado_en AS medida_fecha,
    k.texto AS coord_texto, k.autor_nombre AS coord_autor, k.fecha_coordinacion AS coord_fecha,
    k.contacto AS coord_contacto, k.fecha_acordada AS coord_acordada, k.creado_en AS coord_creado,
    v.resultado AS verif_resultado, v.texto AS verif_texto, v.autor_nombre AS verif_autor, v.creado_en AS verif_fecha
FROM cohorte c
LEFT JOIN ultimo m ON m.ot = c.ot AND m.tipo = 'medida_correctiva'
LEFT JOIN ultimo k ON k.ot = c.ot AND k.tipo = 'coordinacion'
LEFT JOIN ultimo v ON v.ot = c.ot AND v.tipo = 'verificacion'
ORDER BY c.estado, c.fecha_registro, c.ot
