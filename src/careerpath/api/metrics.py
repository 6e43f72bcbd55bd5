"""Prometheus metrics of one app: requests, errors, latency per route template, queue depth, jobs.

Each app has its own registry (several apps in one process, as in tests, never collide). Queue
depth is read from the job queue when /metrics is scraped; job durations are observed when the API
first sees a job finished (the jobs' own ``created`` -> ``finished`` times, so a job counts once
per API process however often it is polled).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from careerpath.domain.jobs import JOB_STATUSES, Job

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
JOB_BUCKETS = (0.1, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 300.0, 900.0, 3600.0)
_SEEN_JOBS = 10_000


class _QueueDepth(Collector):
    """Jobs per status, read from the queue at scrape time (0 for every status when unknown)."""

    def __init__(self, counts: Callable[[], dict[str, int]] | None) -> None:
        self.counts = counts

    def collect(self) -> Iterator[GaugeMetricFamily]:
        """One gauge sample per job status."""
        gauge = GaugeMetricFamily(
            "careerpath_jobs", "Background jobs per status.", labels=["status"]
        )
        found: dict[str, int] = {}
        if self.counts is not None:
            try:
                found = self.counts()
            except Exception:  # a scrape must not fail because the database is briefly away
                found = {}
        for status in JOB_STATUSES:
            gauge.add_metric([status], float(found.get(status, 0)))
        yield gauge


class ApiMetrics:
    """The app's metrics and its registry."""

    def __init__(self, queue_counts: Callable[[], dict[str, int]] | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        self.requests = Counter(
            "careerpath_http_requests",
            "HTTP requests by method, route template and status.",
            ["method", "route", "status"],
            registry=self.registry,
        )
        self.errors = Counter(
            "careerpath_http_errors",
            "HTTP responses with status >= 400 by route template and status class.",
            ["method", "route", "status_class"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "careerpath_http_request_duration_seconds",
            "Request latency by method and route template.",
            ["method", "route"],
            buckets=LATENCY_BUCKETS,
            registry=self.registry,
        )
        self.job_duration = Histogram(
            "careerpath_job_duration_seconds",
            "Time from submission to the final state of the jobs the API has seen finish.",
            ["kind", "status"],
            buckets=JOB_BUCKETS,
            registry=self.registry,
        )
        self.registry.register(_QueueDepth(queue_counts))
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()

    def observe_request(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request and its latency."""
        self.requests.labels(method, route, str(status)).inc()
        self.latency.labels(method, route).observe(seconds)
        if status >= 400:
            self.errors.labels(method, route, f"{status // 100}xx").inc()

    def observe_job(self, job: Job) -> None:
        """Record a finished job's duration once (later sightings are ignored)."""
        if not job.done or job.finished is None:
            return
        with self._lock:
            if job.id in self._seen:
                return
            self._seen[job.id] = None
            while len(self._seen) > _SEEN_JOBS:
                self._seen.popitem(last=False)
        seconds = max(0.0, (job.finished - job.created).total_seconds())
        self.job_duration.labels(job.kind, job.status).observe(seconds)

    def render(self) -> bytes:
        """The text exposition of every metric."""
        return generate_latest(self.registry)
