"""Placeholder replaced below."""
def assemble_meetings(doc, matched, dates, rules):
    return []
