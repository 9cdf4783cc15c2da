"""cascade: audit Vietnamese administrative-reform plans down the chain of government."""

__version__ = "0.1.0"
