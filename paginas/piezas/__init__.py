"""Piezas de una página que no son páginas: «Desde la última importación», «Para APROBADO faltan…» y la tendencia con sus notas (Semáforo)."""
