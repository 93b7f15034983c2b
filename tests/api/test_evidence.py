"""Evidence photos over HTTP (docs/api.md "Evidence") and ``verify`` over the photo files.

Images are made here: a PNG by the standard library, JPEG and WebP from it with the ``vips``
command line (Debian's libvips-tools). Uploads run on the shared server over the demo city; the
damage cases work on private clones.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import struct
import subprocess
import uuid
import zlib
from pathlib import Path

import pytest

from anxiao_harness import DEMO_PASSWORD, Client, Store

SHA = re.compile(r"^[0-9a-f]{64}$")


def png(width: int, height: int, seed: int) -> bytes:
    """An RGB PNG with a gradient and a block placed by ``seed`` (so every seed is a new file)."""
    rows = []
    for y in range(height):
        row = bytearray([0])
        for x in range(width):
            inside = (seed * 7) % width <= x < (seed * 7) % width + width // 3 and height // 4 <= y < height // 2
            row += bytes((x * 255 // width, y * 255 // height, 200 if inside else (seed * 37) % 256))
        rows.append(bytes(row))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"".join(rows))) + chunk(b"IEND", b"")


def convert(data: bytes, suffix: str, tmp: Path) -> bytes:
    """``data`` (PNG) re-encoded by libvips as ``suffix`` (".jpg", ".webp")."""
    src, dst = tmp / f"{uuid.uuid4().hex}.png", tmp / f"{uuid.uuid4().hex}{suffix}"
    src.write_bytes(data)
    subprocess.run(["vips", "copy", str(src), str(dst)], check=True, capture_output=True)
    return dst.read_bytes()


def upload(c: Client, data: bytes, content_type: str = "image/jpeg"):
    return c.request("POST", "/evidence", raw=data, headers={"Content-Type": content_type})


def multipart(c: Client, data: bytes, filename: str = "photo.jpg", field: str = "file"):
    boundary = "anxiao" + uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            f"Content-Type: application/octet-stream\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return c.request("POST", "/evidence", raw=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


@pytest.fixture(scope="module")
def tmp(tmp_path_factory) -> Path:
    if not shutil.which("vips"):
        pytest.fail("the vips command line is needed to make JPEG and WebP test images (apt-get install libvips-tools)")
    return tmp_path_factory.mktemp("images")


def other_county_user(server, users) -> Client:
    """The demo's bureau officer of a county other than 东阿县 (created by the demo hazards)."""
    city = users["city.officer"]
    me = city.get("/me").json
    kids = city.get(f"/orgs/{me['scope']['id']}/children").json["items"]
    code = next(k["code"] for k in kids if k["kind"] == "county" and k["code"] != "371524")
    c = server.client()
    assert c.login(f"officer.{code}", DEMO_PASSWORD).status == 200
    return c


def demo_school(users) -> str:
    return users["school.officer"].get("/me").json["user"]["scope_org_id"]


# ---------------------------------------------------------------------------------------------
# Upload


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp"])
def test_upload_jpeg_png_webp_is_201_then_200_stored_once(users, tmp, kind):
    base = png(320, 200, seed={"jpeg": 11, "png": 12, "webp": 13}[kind])
    data = {"png": base, "jpeg": convert(base, ".jpg", tmp), "webp": convert(base, ".webp", tmp)}[kind]
    c = users["school.officer"]
    r = upload(c, data, "image/" + kind)
    assert r.status == 201, r
    j = r.json
    assert j["sha256"] == hashlib.sha256(data).hexdigest()
    assert j["mime"] == "image/" + kind and j["size"] == len(data)
    assert (j["width"], j["height"]) == (320, 200)
    assert re.fullmatch(r"[0-9a-f]{16}", j["phash"])
    assert j["taken_at"] is None and j["gps"] is None
    assert j["url"] == f"/api/v1/evidence/{j['sha256']}" and j["thumb_url"] == j["url"] + "/thumb"
    again = upload(c, data, "application/octet-stream")  # the declared type does not matter
    assert again.status == 200 and again.json == j


def test_multipart_upload_takes_the_file_part(users, tmp):
    data = convert(png(200, 150, seed=501), ".jpg", tmp)
    r = multipart(users["school.officer"], data)
    assert r.status == 201, r
    assert r.json["sha256"] == hashlib.sha256(data).hexdigest()
    missing = multipart(users["school.officer"], data, field="picture")
    assert missing.status == 400 and missing.json["code"] == "missing_field"


def test_text_file_named_jpg_is_rejected(users):
    text = b"this is a plain text file pretending to be photo.jpg\n" * 20
    r = multipart(users["school.officer"], text, filename="photo.jpg")
    assert r.status == 400 and r.json["code"] == "unsupported_image_type", r
    r = upload(users["school.officer"], text, "image/jpeg")
    assert r.status == 400 and r.json["code"] == "unsupported_image_type"


def test_truncated_jpeg_is_invalid_image(users, tmp):
    data = convert(png(300, 300, seed=77), ".jpg", tmp)
    r = upload(users["school.officer"], data[: len(data) // 2])
    assert r.status == 400 and r.json["code"] == "invalid_image", r


def test_oversize_upload_is_413(users):
    big = b"\xff\xd8\xff\xe0" + b"\0" * (21 << 20)
    r = upload(users["school.officer"], big)
    assert r.status == 413 and r.json["code"] == "evidence_too_large", r


def test_auditor_cannot_upload(users, tmp):
    r = upload(users["auditor"], convert(png(50, 50, seed=3), ".jpg", tmp))
    assert r.status == 403 and r.json["code"] == "read_only"


# ---------------------------------------------------------------------------------------------
# Reading and scope


def test_uploader_previews_others_get_404_like_a_missing_file(server, users, tmp):
    data = convert(png(400, 300, seed=901), ".jpg", tmp)
    up = upload(users["school.officer"], data).json
    mine = users["school.officer"].get(up["url"])
    assert mine.status == 200 and mine.body == data
    assert mine.headers["Content-Type"] == "image/jpeg"
    assert mine.headers["X-Content-Type-Options"] == "nosniff"
    assert "immutable" in mine.headers["Cache-Control"] and "max-age=31536000" in mine.headers["Cache-Control"]
    thumb = users["school.officer"].get(up["thumb_url"])
    assert thumb.status == 200 and thumb.headers["Content-Type"] == "image/jpeg" and thumb.body[:3] == b"\xff\xd8\xff"
    missing = users["county.officer"].get("/evidence/" + "0" * 64)
    assert missing.status == 404
    for who in (users["county.officer"], users["principal"], other_county_user(server, users)):
        r = who.get(up["url"])
        assert (r.status, r.json) == (missing.status, missing.json)
        assert who.get(up["thumb_url"]).status == 404


def test_referenced_photo_is_readable_in_scope_only_and_listed_in_the_hazard(server, users, tmp):
    school = users["school.officer"]
    data = convert(png(480, 360, seed=1234), ".jpg", tmp)
    up = upload(school, data).json
    r = school.post("/hazards", {"school_id": demo_school(users), "category": "fire", "description": "灭火器压力不足",
                                 "risk_level": "yellow", "evidence": [up["sha256"]]})
    assert r.status == 201, r
    detail = school.get(f"/hazards/{r.json['id']}").json
    [item] = detail["evidence"]
    assert item["sha256"] == up["sha256"] and item["kind"] == "before"
    assert item["url"] == up["url"] and item["thumb_url"] == up["thumb_url"]
    assert (item["width"], item["height"]) == (480, 360) and item["taken_at"] is None
    for who in ("school.officer", "principal", "county.officer", "city.officer", "admin", "auditor"):
        assert users[who].get(up["url"]).status == 200, who
    assert other_county_user(server, users).get(up["url"]).status == 404


def test_hazard_writes_need_uploaded_evidence(users, tmp):
    school = users["school.officer"]
    ghost = hashlib.sha256(b"never uploaded").hexdigest()
    r = school.post("/hazards", {"school_id": demo_school(users), "category": "fire", "description": "消防通道被占",
                                 "risk_level": "blue", "evidence": [ghost]})
    assert r.status == 400 and r.json["code"] == "unknown_evidence" and ghost in r.json["message"], r
    # Uploaded by someone else and not referenced yet: just as unknown to this user.
    theirs = upload(users["county.officer"], convert(png(100, 80, seed=4321), ".jpg", tmp)).json["sha256"]
    r = school.post("/hazards", {"school_id": demo_school(users), "category": "fire", "description": "消防通道被占",
                                 "risk_level": "blue", "evidence": [theirs]})
    assert r.status == 400 and r.json["code"] == "unknown_evidence" and theirs in r.json["message"]


def test_demo_hazards_have_real_photos(users):
    c = users["county.officer"]
    # The demo's own hazards (no campaign): a campaign finding of an item that needs no photo has
    # only its after-photo.
    items = [h for h in c.get("/hazards?state=closed&page_size=50").json["items"] if not h.get("campaign_id")][:3]
    assert items
    for h in items:
        ev = c.get(f"/hazards/{h['id']}").json["evidence"]
        kinds = {e["kind"] for e in ev}
        assert {"before", "after"} <= kinds
        for e in ev:
            photo = c.get(e["url"])
            assert photo.status == 200 and hashlib.sha256(photo.body).hexdigest() == e["sha256"]
            assert e["width"] and e["height"]
            assert c.get(e["thumb_url"]).status == 200


# ---------------------------------------------------------------------------------------------
# verify over the files


def evidence_file(store: Store, sha: str) -> Path:
    return store.evidence / sha[:2] / sha[2:4] / sha


def verify_json(store: Store):
    p = store.verify("--json")
    return p.returncode, json.loads(p.stdout), store.verify()


def test_verify_names_a_swapped_and_a_missing_evidence_file(demo_base):
    store = demo_base.clone("evidence_damage")
    rows = [r[0] for r in store.query("SELECT id FROM evidence ORDER BY stored_seq LIMIT 2")]
    assert len(rows) == 2 and all(SHA.match(r) for r in rows)
    swapped, deleted = rows
    code, report, text = verify_json(store)
    assert code == 0, text.stdout + text.stderr
    assert re.search(r"^evidence OK: \d+ files match their hashes$", text.stdout, re.M)

    # Swap one photo for another picture's bytes (written anew, as an attacker would), lose another.
    victim = evidence_file(store, swapped)
    other = evidence_file(store, deleted).read_bytes()
    victim.unlink()
    victim.write_bytes(other)
    evidence_file(store, deleted).unlink()

    code, report, text = verify_json(store)
    assert code == 3, text.stdout + text.stderr
    kinds = {(p["kind"], p["record"]) for p in report["problems"]}
    assert ("evidence_altered", swapped) in kinds
    assert ("evidence_missing", deleted) in kinds
    assert re.search(rf"^  \[evidence_altered\] evidence {swapped}: the file was swapped or altered", text.stdout, re.M)
    assert re.search(rf"^  \[evidence_missing\] evidence {deleted}: the file is missing", text.stdout, re.M)
