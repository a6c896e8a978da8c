"""The bounds dipx puts on one input, in one leaf module so the CLI can show them without loading a stage.

The others stand by the stage they bound: segment.SOFT_MAX/HARD_MAX (sentence length),
clean.MAX_NESTING (HTML depth), render.WINDOW (evidence quote), ruleset.yamlfile.MAX_ALIASES.
"""

# The default input limit (--max-bytes): far above any article, far below what exhausts memory.
MAX_BYTES = 20_000_000
# The default time budget of one article in seconds (--timeout): minutes for what takes seconds.
TIMEOUT = 120.0
