"""The tool's version and the dossier JSON's schema version (a leaf module: anything may
import it without importing the package's public API)."""

__version__ = "0.1.0"
DOSSIER_SCHEMA_VERSION = "2"
