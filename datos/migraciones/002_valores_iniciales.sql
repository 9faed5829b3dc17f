-- Valores por defecto de DISENO §3 (el administrador puede cambiarlos).
INSERT INTO mapeo_estados (valor, estado)
SELECT normalizar_valor(v), e FROM (VALUES
    ('REGISTRADO', 'REGISTRADO'), ('REGISTRADA', 'REGISTRADO'), ('0 - REGISTRADA', 'REGISTRADO'),
    ('ASIGNADO', 'REGISTRADO'), ('ASIGNADA', 'REGISTRADO'), ('5 - ASIGNADA', 'REGISTRADO'),
    ('11 - BLOQUEADA', 'REGISTRADO'),
    ('ATENDIDO', 'ATENDIDO'), ('ATENDIDA', 'ATENDIDO'), ('8 - LEGALIZADA', 'ATENDIDO'),
    ('CERRADA', 'ATENDIDO'), ('7 - EJECUTADA', 'ATENDIDO'),
    ('ANULADO', 'ANULADO'), ('ANULADA', 'ANULADO'), ('12 - ANULADA', 'ANULADO')
) t(v, e);

INSERT INTO actividades_poste VALUES
    (52137, 'Servicio de Ingeniería Traslado Poste Usuario'),
    (8074, 'LBC – Venta Servicio de Ingeniería');

INSERT INTO ajustes VALUES
    ('umbral_kpi', '98'),
    ('dias_sin_coordinacion', '7');
