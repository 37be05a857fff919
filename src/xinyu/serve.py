"""``xinyu serve``: MkDocs' live-reload server, made fit for a maintainer.

* The port is checked before the first build: a busy port is said at once, with how to pick another.
* While the content has an error, every page is an error page (in Chinese, with file:line and
  field) instead of a request that hangs; it reloads by itself when the files are fixed.
* SIGTERM cleans up like Ctrl+C (MkDocs' temporary ``mkdocs_*`` folder is removed).
* MkDocs' English log lines are said in Chinese, or left out.
"""

from __future__ import annotations

import errno
import html
import logging
import re
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


class ServeError(Exception):
    """A message for the user (in Chinese)."""


def parse_address(dev_addr: str) -> tuple[str, int]:
    """``127.0.0.1:8000`` → (host, port); a clear error otherwise."""
    host, sep, port = dev_addr.rpartition(":")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ServeError(f"预览地址“{dev_addr}”写法不对，应写成 127.0.0.1:8000（主机:端口）")
    return host.strip("[]"), int(port)


def check_port(host: str, port: int) -> None:
    """Fail at once, before the first build, when the address cannot be served."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as the server itself does
        try:
            probe.bind((host, port))
        except OSError as err:
            if err.errno == errno.EADDRINUSE:
                raise ServeError(f"端口 {port} 已被占用（可能另一个 xinyu serve 或 mkdocs serve 还开着）。"
                                 f"关掉它，或换一个端口：xinyu serve -a {host}:{port + 1}") from None
            if err.errno in (errno.EADDRNOTAVAIL, socket.EAI_NONAME if hasattr(socket, "EAI_NONAME") else -1):
                raise ServeError(f"本机没有地址 {host}，请用 -a 127.0.0.1:{port}") from None
            if err.errno == errno.EACCES:
                raise ServeError(f"没有权限使用端口 {port}（1024 以下的端口需要管理员权限），请用 -a {host}:8000") from None
            raise ServeError(f"无法使用预览地址 {host}:{port}：{err.strerror}") from None
        except socket.gaierror:
            raise ServeError(f"不认识预览地址里的主机“{host}”，请用 -a 127.0.0.1:{port}") from None


# --------------------------------------------------------------------------- MkDocs' log lines
#: MkDocs' English lines → Chinese ("" = leave out). Matched at the start of the message.
_LINES: tuple[tuple[re.Pattern[str], str], ...] = tuple((re.compile(p), t) for p, t in (
    (r"Building documentation\.\.\.", "正在构建……"),
    (r"Cleaning site directory", ""),
    (r"Documentation built in (?P<s>[\d.]+) seconds", "构建完成，用时 {s} 秒"),
    (r"Serving on (?P<url>\S+)", ""),  # said once, with how to stop
    (r"Watching paths for changes", ""),
    (r"Detected file changes", "发现文件改动，正在重新构建……"),
    (r"Reloading browsers", "已刷新浏览器"),
    (r"Browser connected: (?P<url>\S+)", "浏览器已连接：{url}"),
    (r"A 'dirty' build is being performed", ""),
    (r"Aborted with a BuildError!", ""),
    (r"An error happened during the rebuild", ""),
    (r"Shutting down", "正在停止预览……"),
    (r"The following pages are being built only for the preview", ""),
    (r'"GET (?P<path>\S+) [^"]*" code 404', "找不到页面：{path}"),
    (r'"GET [^"]*" code (?P<code>\d+)', ""),
    (r"Error building page '(?P<page>[^']+)'", "构建页面 {page} 时出错"),
    (r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but the target",
     "{page} 里的链接“{link}”指向的页面不存在"),
    (r"Doc file '(?P<page>[^']+)' contains a link '(?P<link>[^']+)', but there is no such anchor",
     "{page} 里的链接“{link}”在目标页面找不到这个标题"),
    (r"Config value '(?P<key>[^']+)'", "mkdocs.yml 的设置“{key}”有问题"),
))


_CLOCK = re.compile(r"^\[\d\d:\d\d:\d\d\] ")


def say(message: str) -> str | None:
    """A MkDocs log line in Chinese; ``""`` when it is left out; ``None`` when it is not known."""
    message = _CLOCK.sub("", message, count=1)  # the live-reload server puts the time first
    for pattern, text in _LINES:
        m = pattern.match(message)
        if m:
            return text.format(**m.groupdict()) if text else ""
    return None


class _Chinese(logging.Handler):
    """Prints MkDocs' log lines in Chinese; unknown INFO lines are left out, unknown warnings are
    shown with a Chinese label (their text is MkDocs' own)."""

    def __init__(self, echo: Callable[[str], None]) -> None:
        super().__init__(logging.INFO)
        self.echo = echo

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad log call must not stop the preview
            return
        text = say(message)
        if text is None and record.levelno >= logging.WARNING and not record.name.startswith("mkdocs.plugins.xinyu"):
            label = "错误" if record.levelno >= logging.ERROR else "警告"
            text = f"{label}（MkDocs）：{message.splitlines()[0] if message else ''}"
        if text:
            self.echo(text)


def quiet_mkdocs(echo: Callable[[str], None]) -> logging.Handler:
    """Route the ``mkdocs`` loggers through :class:`_Chinese` (and nowhere else)."""
    handler = _Chinese(echo)
    log = logging.getLogger("mkdocs")
    for old in list(log.handlers):
        log.removeHandler(old)
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    return handler


# --------------------------------------------------------------------------- the error page
def error_page(title: str, lines: list[str]) -> bytes:
    """A standalone page listing what is wrong (shown for every page until it is fixed)."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in lines[:200])
    more = f"<p>……另有 {len(lines) - 200} 处。</p>" if len(lines) > 200 else ""
    return f"""<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>内容有错 · 心育预览</title>
<style>
body {{ font-family: system-ui, "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; margin: 2rem auto; max-width: 60rem;
       padding: 0 1rem; color: #222; line-height: 1.6; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
li {{ margin: .4rem 0; }} code {{ white-space: pre-wrap; word-break: break-all; font-size: .95rem; }}
.wait {{ color: #555; border-left: 4px solid #00897b; padding-left: .8rem; }}
</style></head>
<body><main id="xinyu-error">
<h1>{html.escape(title)}</h1>
<p>网站暂时没有重新构建。请按下面的提示修改（格式：文件:行:列: 字段: 说明）：</p>
<ol>
{items}
</ol>{more}
<p class="wait">保存文件后，这个页面会自动刷新；改好后就会显示网站。</p>
</main></body></html>
""".encode()


# --------------------------------------------------------------------------- serving
def serve(root: Path, dev_addr: str, *, open_browser: bool = False, echo: Callable[[str], None] = print) -> None:
    """Build into a temporary folder and serve it with live reload until Ctrl+C or SIGTERM."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import ConfigurationError
    from mkdocs.livereload import LiveReloadServer, _serve_url

    from xinyu.pipeline import checked_project

    host, port = parse_address(dev_addr)
    check_port(host, port)
    quiet_mkdocs(echo)
    site_dir = tempfile.mkdtemp(prefix="mkdocs_")
    state: dict[str, bytes | None] = {"error": None}

    def on_term(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, on_term)
    try:
        def get_config() -> Any:
            try:
                return load_config(config_file=str(root / "mkdocs.yml"), site_dir=site_dir, dev_addr=f"{host}:{port}")
            except ConfigurationError as err:
                raise ServeError(f"mkdocs.yml 配置有误：{err}") from None

        config = get_config()
        config.plugins.on_startup(command="serve", dirty=True)
        mount_path = urlsplit(config.site_url or "/").path
        config.site_url = serve_url = _serve_url(host, port, mount_path)

        def builder(cfg: Any = None) -> None:
            """Never raises: a failure becomes the error page, so that requests are answered."""
            checked = checked_project(root)
            if checked.problems:
                lines = [str(p) for p in checked.problems]
                state["error"] = error_page(f"内容有 {len(lines)} 处问题", lines)
                echo(f"内容有 {len(lines)} 处问题（浏览器里显示错误页，改好保存后自动刷新）：")
                for line in lines[:20]:
                    echo(f"  {line}")
                return
            try:
                if cfg is None:
                    cfg = get_config()
                    cfg.site_url = serve_url
                build(cfg, serve_url=serve_url, dirty=True)
            except (Exception, SystemExit) as err:  # noqa: BLE001 - shown in the browser instead
                message = str(err) or type(err).__name__
                state["error"] = error_page("网站构建失败", message.splitlines() or [message])
                echo(f"网站构建失败（浏览器里显示错误页）：{message.splitlines()[0] if message else ''}")
                return
            state["error"] = None

        server = _server_class(LiveReloadServer)(builder=builder, host=host, port=port, root=site_dir,
                                                 mount_path=mount_path)
        server.state = state

        def error_handler(code: int) -> bytes | None:
            page = Path(site_dir) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.error_handler = error_handler
        try:
            builder(config)
            server.watch(config.docs_dir)
            server.watch(str(root / "mkdocs.yml"))
            server = config.plugins.on_serve(server, config=config, builder=builder)
            for item in config.watch:
                server.watch(item)
            echo(f"预览地址：{serve_url}  （按 Ctrl+C 停止）")
            try:
                server.serve(open_in_browser=open_browser)
            except KeyboardInterrupt:
                echo("正在停止预览……")
            finally:
                server.shutdown()
        finally:
            config.plugins.on_shutdown()
    except KeyboardInterrupt:  # stopped during the first build
        echo("已停止预览。")
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(site_dir, ignore_errors=True)
        from xinyu.mkdocs.plugin import _serve_cache

        shutil.rmtree(_serve_cache(root), ignore_errors=True)


def _server_class(base: type) -> type:
    """MkDocs' server, answering every page request with the error page while there is one."""

    class Server(base):  # type: ignore[misc,valid-type]
        state: dict[str, bytes | None]

        def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Any:
            page = self.state.get("error")
            path = environ.get("PATH_INFO", "")
            if page is None or path.startswith("/livereload/") or not _is_page(path):
                return super()._serve_request(environ, start_response)
            with self._epoch_cond:
                self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch)
                epoch = self._visible_epoch
            body = self._inject_js_into_html(page, epoch)
            start_response("200 OK", [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(body))),
                                      ("Cache-Control", "no-store")])
            return [body]

    return Server


def _is_page(path: str) -> bool:
    """A request for a page (not a style sheet, script or image)."""
    last = path.rsplit("/", 1)[-1]
    return path.endswith("/") or last.endswith((".html", ".htm")) or "." not in last
