"""Uploads are counted as they are read, and one over the import limit is refused (413) as
soon as that is known: from its Content-Length, before a byte of it is read, or else at the
chunk that passes the limit. What is read within the limit goes, as Django does, to memory up
to FILE_UPLOAD_MAX_MEMORY_SIZE and to a temporary file beyond.

An import file is the only upload the application takes, so its limit is every upload's.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.http import JsonResponse
from django.shortcuts import render

from casework.imports.services import FileTooLarge, too_large_message
from casework.refusals import refusal_body, refusal_status

# A multipart body's part headers and boundaries, beside its fields and files.
PART_HEADERS = 64 * 1024


class UploadTooLarge(FileTooLarge):
    """An upload passed the limit while it was read."""


class UploadLimit(FileUploadHandler):
    """First of the upload handlers: counts every file's bytes and passes them on."""

    received = 0  # of the request's files, together

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.received = 0
        # Fields beside the files are held to DATA_UPLOAD_MAX_MEMORY_SIZE: a body longer
        # than both limits together cannot hold a file within its own.
        fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        limit = settings.IMPORT_MAX_BYTES
        if fields is not None and content_length > limit + fields + PART_HEADERS:
            raise UploadTooLarge(too_large_message())

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.IMPORT_MAX_BYTES:
            self._close_files()
            raise UploadTooLarge(too_large_message())
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler, in memory or on disk, holds the file

    def _close_files(self):
        """Close (and so delete) what the handlers after this one wrote of the upload."""
        for handler in getattr(self.request, "upload_handlers", ()):
            if getattr(handler, "file", None) is not None:
                handler.file.close()


class UploadLimitMiddleware:
    """Reads a multipart POST's body before anything else does (the CSRF check would, and
    turn the refusal into a 500), so that one over the limit is answered 413. (The API
    reads other methods' bodies itself, and answers 413 from the same refusal.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method == "POST" and request.content_type == "multipart/form-data":
            try:
                request.POST  # noqa: B018 (read now, through UploadLimit)
            except UploadTooLarge as refused:
                return too_large(request, refused)
        return self.get_response(request)


def too_large(request, refused: UploadTooLarge):
    status = refusal_status(refused)
    if request.path.startswith("/api/"):
        return JsonResponse(refusal_body(refused), status=status)
    context = {"message": refused.message}
    return render(request, "casework/import_too_large.html", context, status=status)
