"""The paperless dossier: e-documents stored once, content-addressed, reused by reference."""
