"""provaudit: source-provenance auditing for news text."""

__version__ = "0.1.0"
