"""The complaint form's attachments: each file judged alone, and the good ones kept across a refused form.

Why: a complaint refused for one bad file, or for a narrative too short,
lost every file chosen with it, and the page no longer said they had been
received, so the citizen had to find and choose them all again. The
application forms keep an accepted upload ("Sudah diunggah"); so does this
form now. An accepted attachment is stored at once and held in the
citizen's session (which lives on the server), under the form's submission
key, until the complaint is filed or the citizen removes it. One never filed
is deleted with the other files nothing refers to once the session is gone
(`framework.services.unreferenced_uploads` reads the sessions).
"""

from __future__ import annotations

from flask import request, session

from framework.core.errors import FieldError
from framework.services.complaints import ATTACHMENT, MAX_ATTACHMENTS, TOO_MANY, attachment_errors
from framework.storage import Storage, UploadInfo, describe

KEPT = "complaint_uploads"  # session: {submission key: [UploadInfo as a dict]}
KEPT_FORMS = 5  # complaint forms one session holds files for (another tab, an abandoned form): the newest
REMOVE = "hapus:"  # the "_action" of a kept file's "Hapus" button, then its place in the list


def kept_attachments(submission_key: str) -> list[UploadInfo]:
    """The attachments accepted earlier on this form (its submission key), in the order they came."""
    held = session.get(KEPT, {}).get(submission_key) or []
    return [UploadInfo.from_dict(info) for info in held]


def keep_attachments(submission_key: str, uploads: list[UploadInfo]) -> None:
    """Hold ``uploads`` for this form until it is filed; an empty list forgets the form."""
    held = {key: infos for key, infos in session.get(KEPT, {}).items() if key != submission_key}
    if uploads:
        held[submission_key] = [info.as_dict() for info in uploads]
    session[KEPT] = dict(list(held.items())[-KEPT_FORMS:])


def remove_attachment(submission_key: str, action: str, storage: Storage) -> None:
    """The "Hapus" button of one kept file (``hapus:<place>``): the file is let go and deleted."""
    kept = kept_attachments(submission_key)
    place = action.removeprefix(REMOVE)
    if place.isascii() and place.isdigit() and int(place) < len(kept):
        removed = kept.pop(int(place))
        storage.delete(removed.key)
        keep_attachments(submission_key, kept)


def read_attachments(kept: list[UploadInfo]) -> tuple[list[tuple[bytes, UploadInfo]], list[FieldError]]:
    """The newly chosen files that pass (their bytes, read at most one byte past the limit), and the errors.

    Each file is judged alone, like an application's documents (by its bytes,
    its size, a sanitised name: `framework.storage.describe`), so one bad file
    does not take the good ones with it. Too many with the kept ones: none
    of the new ones is taken, and the count is said.
    """
    files = [upload for upload in request.files.getlist("lampiran") if upload.filename]
    read = [(upload.read(ATTACHMENT.max_bytes + 1), upload) for upload in files[: MAX_ATTACHMENTS + 1]]
    described = [(data, describe(data, str(upload.filename))) for data, upload in read]
    judged = [(data, info, attachment_errors([info])) for data, info in described]
    errors = [error for _data, _info, found in judged for error in found]
    if len(kept) + len(files) > MAX_ATTACHMENTS:
        return [], [*errors, TOO_MANY]
    return [(data, info) for data, info, found in judged if not found], errors
