# 心育：一条命令构建网站（make site），一条命令运行全部测试（make test）。
# 两者都会在 .venv 里安装所需的一切。
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: site test system-packages serve check schema bench lint clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test,zensical]'
	touch $(STAMP)

site: $(STAMP) ## 核查内容并构建网站到 site/
	$(BIN)/xinyu schema
	$(BIN)/xinyu build

test: system-packages $(STAMP) ## 运行全部测试（含浏览器测试和交付包的 LibreOffice、二维码测试）
	$(BIN)/python -m pytest

system-packages: ## 测试要用的系统软件：缺少时（Debian、root）自动安装，否则立刻说明要运行的一条命令
	@sh scripts/system-packages.sh

serve: $(STAMP) ## 本地预览，改动后自动刷新
	$(BIN)/xinyu serve

check: $(STAMP) ## 只核查，不构建
	$(BIN)/xinyu check

schema: $(STAMP) ## 生成编辑器用的 JSON Schema
	$(BIN)/xinyu schema

bench: $(STAMP) ## 性能基准，结果写入 bench.json
	$(BIN)/python scripts/bench.py

lint: $(STAMP) ## 代码风格检查（ruff，配置在 pyproject.toml）
	$(BIN)/python -m pip install --quiet 'ruff>=0.6,<1'
	$(BIN)/ruff check src tests macros scripts

clean:
	rm -rf site $(VENV) schemas .pytest_cache .cache/xinyu test-artifacts
