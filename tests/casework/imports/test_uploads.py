"""An upload over the limit is refused with 413 as soon as the limit is passed: the server
stops reading it there and never holds it in memory."""

import tracemalloc

import pytest

from casework.models import ImportJob

MB = 1024 * 1024
BOUNDARY = "upload-boundary"


class Body:
    """A multipart body of one file, made as it is read (never held whole), that counts how
    much of it the server read. The file is `content`, or `file_size` bytes of filler."""

    def __init__(self, file_size: int = 0, content: bytes = b"", case_type: str = "readmission"):
        self.head = (
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="case_type"\r\n\r\n'
            f"{case_type}\r\n"
            f"--{BOUNDARY}\r\n"
            'Content-Disposition: form-data; name="file"; filename="cases.csv"\r\n'
            "Content-Type: text/csv\r\n\r\n"
        ).encode() + content
        self.tail = f"\r\n--{BOUNDARY}--\r\n".encode()
        self.filler = file_size
        self.length = len(self.head) + file_size + len(self.tail)
        self.read_bytes = 0

    def read(self, size: int = -1) -> bytes:
        end = self.length if size is None or size < 0 else min(self.length, self.read_bytes + size)
        start, self.read_bytes = self.read_bytes, end
        filler_end = len(self.head) + self.filler
        return (
            self.head[start:end]
            + b"x" * max(0, min(end, filler_end) - max(start, len(self.head)))
            + self.tail[max(0, start - filler_end) : max(0, end - filler_end)]
        )

    def readline(self, size: int = -1) -> bytes:  # Django's parser reads in chunks
        raise NotImplementedError


def send(client, path: str, body: Body):
    """POST the body, with its true Content-Length; returns the answer and the peak memory
    the request took."""
    client.get(path)  # the first request loads the views: not the upload's memory
    tracemalloc.start()
    try:
        response = client.generic(
            "POST",
            path,
            b"-",  # replaced by the body below, read as the server reads it
            content_type=f"multipart/form-data; boundary={BOUNDARY}",
            **{"wsgi.input": body, "CONTENT_LENGTH": str(body.length)},
        )
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return response, peak


@pytest.fixture
def limit_of_1_mb(settings):
    settings.IMPORT_MAX_BYTES = 1 * MB


@pytest.fixture
def caseworker(region):
    return region.users["caseworker_rs_ngo"]


@pytest.mark.parametrize("door", ["api", "page"])
def test_an_upload_longer_than_the_limit_is_refused_before_a_byte_of_it_is_read(
    client, caseworker, limit_of_1_mb, door
):
    client.force_login(caseworker)
    body = Body(file_size=40 * MB)
    path = "/api/v1/imports/" if door == "api" else "/cases/import/"
    response, peak = send(client, path, body)
    assert response.status_code == 413
    assert "larger than 1 MB" in response.content.decode()
    assert body.read_bytes == 0
    assert peak < 1 * MB
    assert not ImportJob.objects.exists()


@pytest.mark.parametrize("door", ["api", "page"])
def test_a_file_over_the_limit_in_a_body_that_might_fit_is_refused_where_it_passes_it(
    client, caseworker, limit_of_1_mb, door
):
    # Short enough a body to hold a file within the limit beside its fields: only counting
    # the file's bytes as they come finds it too large.
    client.force_login(caseworker)
    body = Body(file_size=4 * MB)
    path = "/api/v1/imports/" if door == "api" else "/cases/import/"
    response, peak = send(client, path, body)
    assert response.status_code == 413
    assert 1 * MB < body.read_bytes <= 1 * MB + 2 * 64 * 1024 + len(body.head)
    assert peak < 2 * MB
    assert not ImportJob.objects.exists()


def test_a_file_within_the_limit_is_received_through_the_same_counting(client, caseworker):
    from casework.imports.staging import unstage
    from tests.casework.imports.files import FILES

    client.force_login(caseworker)
    body = Body(content=FILES["readmission"].encode())
    response, _peak = send(client, "/api/v1/imports/", body)
    assert response.status_code == 202, response.content
    assert unstage(ImportJob.objects.get().staged) == FILES["readmission"].encode()
    assert body.read_bytes == body.length
