-- Tareas programadas (python -m datos tareas): cada corrida de cada tarea, con su periodo. Un periodo con una corrida
-- «hecha» no se repite; uno fallido se reintenta en la corrida siguiente; uno que nadie corrió (la máquina estaba
-- apagada) se recupera la próxima vez.
CREATE SEQUENCE tareas_corridas_id;
CREATE TABLE tareas_corridas (
    id          BIGINT PRIMARY KEY DEFAULT nextval('tareas_corridas_id'),
    tarea       VARCHAR NOT NULL CHECK (tarea IN ('carpeta_entrada', 'informes_mensuales', 'alerta_diaria',
                                                  'respaldo')),
    periodo     VARCHAR NOT NULL,   -- AAAA-MM (informes), AAAA-MM-DD (alerta, respaldo), AAAA-MM-DD HH:MM (carpeta)
    inicio      TIMESTAMP NOT NULL,
    duracion_s  DOUBLE NOT NULL,
    resultado   VARCHAR NOT NULL CHECK (resultado IN ('hecho', 'sin_novedad', 'fallido')),
    detalle     VARCHAR NOT NULL
);

-- Los informes del mes archivados por la tarea (la página Informe mensual los lista).
CREATE TABLE informes_archivados (
    mes       DATE NOT NULL,
    tipo      VARCHAR NOT NULL CHECK (tipo IN ('informe_pdf', 'reporte_estados')),
    archivo   VARCHAR NOT NULL,      -- ruta completa del archivo
    creado    TIMESTAMP NOT NULL,
    PRIMARY KEY (mes, tipo)
);
