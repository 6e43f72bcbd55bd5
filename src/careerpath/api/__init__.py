"""HTTP API (FastAPI, versioned under /v1): thin routes over the use cases."""
