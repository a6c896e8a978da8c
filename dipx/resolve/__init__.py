"""Resolvers: from matched words to values (dates, countries, people), against the article's own time."""
