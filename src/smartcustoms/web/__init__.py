"""The portal: server-rendered pages in Vietnamese and English over the same services."""
