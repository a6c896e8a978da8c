"""The version, in a leaf module every layer may import without reaching back up."""

__version__ = "0.1.0"
