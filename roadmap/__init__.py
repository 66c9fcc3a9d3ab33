"""roadmap: assess a partner government's readiness for Five Eyes-equivalent intelligence sharing."""

__version__ = "0.1.0"
