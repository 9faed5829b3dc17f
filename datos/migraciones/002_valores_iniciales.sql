-- Valores por defecto de DISENO §3 (el administrador puede cambiarlos).
-- Los valores ya normalizados (como los deja normalizar_valor: minúsculas, sin tildes, « - » entre código y texto);
-- una migración no usa las macros del modelo, que pueden cambiar después.
INSERT INTO mapeo_estados (valor, estado) VALUES
    ('registrado', 'REGISTRADO'), ('registrada', 'REGISTRADO'), ('0 - registrada', 'REGISTRADO'),
    ('asignado', 'REGISTRADO'), ('asignada', 'REGISTRADO'), ('5 - asignada', 'REGISTRADO'),
    ('11 - bloqueada', 'REGISTRADO'),
    ('atendido', 'ATENDIDO'), ('atendida', 'ATENDIDO'), ('8 - legalizada', 'ATENDIDO'),
    ('cerrada', 'ATENDIDO'), ('7 - ejecutada', 'ATENDIDO'),
    ('anulado', 'ANULADO'), ('anulada', 'ANULADO'), ('12 - anulada', 'ANULADO');

INSERT INTO actividades_poste VALUES
    (52137, 'Servicio de Ingeniería Traslado Poste Usuario'),
    (8074, 'LBC – Venta Servicio de Ingeniería');

INSERT INTO ajustes VALUES
    ('umbral_kpi', '98'),
    ('dias_sin_coordinacion', '7');
