"""flask-admin screens: officer queues, ministry audit, region dashboards.

Not built yet: they come with the officer and ministry issue. Until then
officers act through the JSON API (`/api/v1/applications/<nomor>/transitions`),
whose service functions (`framework.services.applications`) these screens will call,
and parked outbox messages are listed by `mpp worker --parked`.
"""
