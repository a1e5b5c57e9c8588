"""Uploads in an S3-compatible object store (boto3), for more than one machine.

Any web node stores a citizen's upload and any other node (or the worker, or
`mpp purge`) reads or deletes it. Configured from the environment:
``MPP_S3_BUCKET`` (turns it on), ``MPP_S3_ENDPOINT_URL`` (MinIO, Ceph, a
government cloud; empty for AWS), ``MPP_S3_REGION``, ``MPP_S3_PREFIX``, and
credentials as boto3 finds them (``AWS_ACCESS_KEY_ID``/``AWS_SECRET_ACCESS_KEY``,
an instance role …). Objects are named by the same random keys as the local
folder, never by the citizen's file name, and are private (no ACL is set).
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator, Mapping
from datetime import UTC
from typing import Any

from framework.storage import KEY, StoredFile, UploadInfo, describe


class S3Storage:
    """The three methods of ``Storage`` over one bucket (and an optional key prefix)."""

    def __init__(self, bucket: str, client: Any, prefix: str = "") -> None:
        self.bucket, self.client, self.prefix = bucket, client, prefix.strip("/") + "/" if prefix.strip("/") else ""

    def _name(self, key: str) -> str:
        if not KEY.fullmatch(key):
            raise KeyError(key)
        return self.prefix + key

    def save(self, data: bytes, filename: str) -> UploadInfo:
        key = secrets.token_urlsafe(24)
        info = describe(data, filename, key)
        self.client.put_object(
            Bucket=self.bucket, Key=self._name(key), Body=data, ContentType=info.mime or "application/octet-stream"
        )
        return info

    def open(self, key: str) -> bytes:
        from botocore.exceptions import ClientError

        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise KeyError(key) from None
            raise
        return bytes(answer["Body"].read())

    def delete(self, key: str) -> None:
        self.client.delete_object(Bucket=self.bucket, Key=self._name(key))

    def stored(self) -> Iterator[StoredFile]:
        """The objects under the prefix named like a key (a page of 1,000 per request); others are never listed."""
        pages = self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=self.prefix)
        for page in pages:
            for item in page.get("Contents", ()):
                key = item["Key"][len(self.prefix) :]
                if KEY.fullmatch(key):
                    written = item["LastModified"]
                    yield StoredFile(key, written if written.tzinfo else written.replace(tzinfo=UTC))


def from_environment(environ: Mapping[str, str] | None = None) -> S3Storage | None:
    """The object store named by ``MPP_S3_*``, or None when ``MPP_S3_BUCKET`` is not set."""
    environ = os.environ if environ is None else environ
    bucket = environ.get("MPP_S3_BUCKET")
    if not bucket:
        return None
    import boto3
    from botocore.config import Config

    client = boto3.client(
        "s3",
        endpoint_url=environ.get("MPP_S3_ENDPOINT_URL") or None,
        region_name=environ.get("MPP_S3_REGION") or "us-east-1",
        aws_access_key_id=environ.get("MPP_S3_ACCESS_KEY") or None,
        aws_secret_access_key=environ.get("MPP_S3_SECRET_KEY") or None,
        config=Config(retries={"max_attempts": 3, "mode": "standard"}, connect_timeout=5, read_timeout=30),
    )
    return S3Storage(bucket, client, environ.get("MPP_S3_PREFIX", ""))
