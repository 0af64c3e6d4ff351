"""kg — turn news articles into a knowledge graph of attributed claims."""

__version__ = "0.1.0"
