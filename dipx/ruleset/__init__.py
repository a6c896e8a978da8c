"""Rules as data: YAML files checked against a schema and compiled once per process."""

from .compile import builtin_rules_dir, load_rules
from .model import RuleSet

__all__ = ["RuleSet", "builtin_rules_dir", "load_rules"]
