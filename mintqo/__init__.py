"""mintqo: the self-analysis app of the MINT-Qualitätsoffensive."""

__version__ = "0.1.0"
