"""Durable background jobs: the embedded database runner and the Celery adapter (docs/jobs.md).

- ``sql_queue``: the job store on the ``jobs`` table (submit, claim under a lease, finish);
- ``execute``: one claimed job run with exactly-once database effects;
- ``runner``: ``EmbeddedWorkers``, in-process worker threads;
- ``celery_app``: the Celery app, its ``careerpath.run_job`` task, ``CeleryJobQueue``, the sweep;
- ``handlers``, ``profile_import``, ``profile_doc``, ``submissions``: the job kinds.
"""
