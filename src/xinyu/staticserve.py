"""Serve a built site on loopback the way a production host should: gzip for text, long cache
headers for files whose names carry a hash. Used to measure page weight and search cost (the
search evaluation script, the browser tests) — ``python -m http.server`` sends everything
uncompressed, which no real host should do.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: File types sent compressed.
COMPRESSIBLE = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".map"}
#: Material's bundles carry a content hash in their name (main.57a0d79d.min.css).
HASHED = re.compile(r"\.[0-9a-f]{8}\.min\.(?:js|css)$")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, quiet; a wrong address gets the site's own ``404.html`` (in Chinese, with
    the ways back), as ``error_page 404 /404.html`` does on nginx."""

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - quiet
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        data = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


class GzipHandler(SiteHandler):
    """Static files with gzip (level 6, as nginx's default) when the client accepts it."""

    def send_head(self):  # type: ignore[no-untyped-def]
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or path.suffix not in COMPRESSIBLE or not accepts:
            return super().send_head()
        data = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Vary", "Accept-Encoding")
        immutable = HASHED.search(path.name)
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.end_headers()
        import io

        return io.BytesIO(data)


@contextmanager
def serve(site: Path, port: int = 0) -> Iterator[str]:
    """Serve ``site`` in a thread for the duration of the ``with`` block; yields the base URL."""
    handler = functools.partial(GzipHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def main(argv: list[str] | None = None) -> None:
    """``python -m xinyu.staticserve [SITE] [PORT]``: try a built site with gzip on this computer."""
    import sys
    import time

    args = sys.argv[1:] if argv is None else argv
    site = Path(args[0]) if args else Path("site")
    port = int(args[1]) if len(args) > 1 else 8080
    if not (site / "index.html").is_file():
        raise SystemExit(f"{site} 里没有 index.html：请先运行 xinyu build")
    with serve(site, port) as base:
        print(f"网站（gzip 压缩）：{base}  按 Ctrl+C 停止")
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
