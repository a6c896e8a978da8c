"""The bounds dipx puts on one input, in one leaf module so the CLI can show them without loading a stage.

The others stand by the stage they bound: segment.SOFT_MAX/HARD_MAX (sentence length),
clean.MAX_NESTING (HTML depth), render.WINDOW (evidence quote), ruleset.yamlfile.MAX_ALIASES.
"""

# The default input limit (--max-bytes): far above any article page (a few hundred KB), and low
# enough that memory (about 300 bytes per input byte) stays within a small machine.
MAX_BYTES = 5_000_000  # a 4.9 MB page peaked at 1.4 GB; 20 MB would need about 6 GB
# The default time budget of one article in seconds (--timeout): minutes for what takes seconds.
TIMEOUT = 120.0
