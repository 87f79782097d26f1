"""storyweave: many news articles about the same events -> one reconciled dossier per story."""

__version__ = "0.1.0"
DOSSIER_SCHEMA_VERSION = "1"
