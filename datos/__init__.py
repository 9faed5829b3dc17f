"""Capa de datos: conexión a DuckDB, migraciones, importación y permisos."""
