#!/bin/sh
# The system programs the test suite drives (make test runs this first):
#   chromium + CJK fonts  browser tests (or set XINYU_CHROMIUM to any Chromium/Chrome executable)
#   soffice               LibreOffice converts the kit's slides and lesson plans to PDF
#   pdftoppm, pdftotext   poppler renders and reads those PDFs
#   zbarimg               decodes the home slip's QR code
# On Debian or Ubuntu as root, missing ones are installed with apt-get. Otherwise this stops at
# once with the one command to run, instead of letting a hundred tests fail later.
set -eu
PACKAGES=""
need() { command -v "$1" >/dev/null 2>&1 || PACKAGES="$PACKAGES $2"; }
if [ -n "${XINYU_CHROMIUM:-}" ]; then
  [ -x "$XINYU_CHROMIUM" ] || { echo "XINYU_CHROMIUM 指向的文件不存在或不能运行：$XINYU_CHROMIUM" >&2; exit 1; }
elif ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1; then
  PACKAGES="$PACKAGES chromium"
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null | head -n 1)" ]; then
  PACKAGES="$PACKAGES fonts-noto-cjk"
fi
need soffice "libreoffice-impress libreoffice-writer"
need pdftoppm poppler-utils
need pdftotext poppler-utils
need zbarimg zbar-tools
# poppler-utils may be listed twice
PACKAGES=$(echo $PACKAGES | tr ' ' '\n' | awk 'NF && !seen[$0]++' | tr '\n' ' ')
[ -z "$PACKAGES" ] && exit 0
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "安装测试需要的系统软件：$PACKAGES"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $PACKAGES >/dev/null
  exit 0
fi
echo "测试需要这些系统软件，请先安装（只需一次），再运行 make test：" >&2
if command -v apt-get >/dev/null 2>&1; then
  echo "  sudo apt-get install -y $PACKAGES" >&2
else
  echo "  用系统的软件包管理器安装：$PACKAGES（Debian/Ubuntu 的包名）" >&2
fi
echo "已经装了 Chromium 或 Chrome 但不叫 chromium：XINYU_CHROMIUM=/浏览器的路径 make test" >&2
exit 1
