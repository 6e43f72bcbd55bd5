"""careerpath: a self-hosted career path optimization engine."""

__version__ = "0.1.0"
