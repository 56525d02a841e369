# The README's two commands, `make run` and `make test`, do all set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# postgresql: the suite starts its own server (tests/pgserver.py: initdb in a temporary folder, Unix socket)
# libreoffice-writer-nogui: lays out the Word minutes to check their page fields (tests/app/services/test_minutes_docx.py)
DEB_PACKAGES := libfribidi-bin unicode-data poppler-utils fonts-dejavu-core xvfb openbox xdotool x11-utils postgresql \
	libreoffice-writer-nogui

.PHONY: setup run test bench debs qtdebs pdfjs clean lock test-latest

setup: $(STAMP)

# Installs exactly requirements.lock (versions and hashes, docs/packaging.md), then Dabir itself without
# dependencies: what a fresh clone installs does not change when a library publishes a new release.
$(STAMP): pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	# a venv made before the PySide6 pin (docs/gui.md) has PySide6-Pdf 6.12, whose QtPdf files Addons replaces
	$(BIN)/python -m pip uninstall --quiet --yes PySide6-Pdf 2>/dev/null || true
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements.lock
	# setuptools comes from the lock, so the editable build needs nothing unlocked from the index
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# `make lock` refreshes requirements.lock from pyproject.toml's ranges (every platform, Python 3.11+, the
# test and dist extras); review the diff and run `make test` before committing it.
UV_VERSION := 0.13.9
lock:
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet 'uv==$(UV_VERSION)'
	$(BIN)/uv pip compile pyproject.toml --extra test --extra dist --universal --python-version 3.11 \
	  --generate-hashes --no-emit-index-url --upgrade --quiet -o requirements.lock

# `make test-latest` runs the suite in a separate venv (.venv-latest) with the newest releases that
# pyproject.toml's ranges allow: an upstream break shows up here first, and an upgrade is a `make lock`
# plus a tested commit.
LATEST := .venv-latest
test-latest: debs qtdebs pdfjs
	test -x $(LATEST)/bin/python || $(PY) -m venv $(LATEST)
	$(LATEST)/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e '.[test]'
	QT_QPA_PLATFORM=offscreen $(LATEST)/bin/python -m pytest -q

# Tests compare against GNU FriBidi and render pages with poppler, and run the window on Xvfb under Openbox
# (keys by xdotool, X properties read by xprop); install them when we can.
debs:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; \
	  else \
	    echo "Tests need:$$missing — run: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

# pdf.js (Firefox's PDF reader) for the copy/paste harness in tests/reports/extractors.py: node from the
# machine (Debian's nodejs if missing), pdfjs-dist pinned by package-lock.json, node_modules ignored by git.
PDFJS := tests/reports/pdfjs
pdfjs: $(PDFJS)/node_modules/.package-lock.json

$(PDFJS)/node_modules/.package-lock.json: $(PDFJS)/package-lock.json
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm) >/dev/null; \
	  else echo "Tests need node and npm — run: sudo apt-get install nodejs npm"; exit 1; fi; }
	cd $(PDFJS) && npm ci --no-audit --no-fund --silent
	touch $@


# Qt's xcb platform plugin links system libraries a desktop may lack (libxcb-cursor0, …); ldd on the
# installed plugin says which, ui/platform_check.py names their Debian packages.
qtdebs: setup
	@missing="$$($(BIN)/python -m ui.platform_check --missing)" || exit 1; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; \
	  else \
	    echo "Dabir's window needs: $$missing — run: sudo apt-get install $$missing"; exit 1; \
	  fi; \
	fi

run: setup qtdebs
	$(BIN)/dabir

# with a bundle built (make dist), tests/dist runs too: rebuilt first if a source changed since
test: setup debs qtdebs pdfjs $(wildcard dist/dabir/dabir)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: setup debs pdfjs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) $(LATEST) build dist *.egg-info $(PDFJS)/node_modules

# Persian for what Qt's own translation lacks (issue 9): the .qm is committed; rebuild it after editing the .ts
.PHONY: translations
translations: setup
	$(BIN)/pyside6-lrelease resources/translations/dabir_qt_fa.ts -qm resources/translations/dabir_qt_fa.qm

# --- The self-contained bundle (issue 12): `make dist` builds dist/dabir/ with PyInstaller (installed into
# .venv here), rebuilt only when a source changed; `make dist-test` runs the bundle's smoke test
# (tests/dist/, collected only when a bundle exists); `make install-desktop` adds Dabir to a Linux
# desktop's applications menu for this user; `make icons` re-renders resources/icons/dabir.svg.
DIST_STAMP := $(VENV)/.dist-installed
DIST_EXE := dist/dabir/dabir
DIST_SOURCES := $(shell find app ui reports resources packaging -type f -not -path '*/__pycache__/*' 2>/dev/null) pyproject.toml

.PHONY: dist dist-test install-desktop icons

# PyInstaller is in requirements.lock (the dist extra), so the bundle builds from the same locked versions
$(DIST_STAMP): $(STAMP)
	touch $@

dist: $(DIST_EXE)

bench: $(DIST_EXE)      # bench/bench_startup.py times the bundle against `make run`

$(DIST_EXE): $(DIST_STAMP) $(DIST_SOURCES)
	rm -rf dist/dabir
	$(BIN)/python -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
	  packaging/dabir.spec
	@du -sh dist/dabir

dist-test: setup $(DIST_EXE)
	@$(MAKE) --no-print-directory debs DEB_PACKAGES="$(DEB_PACKAGES) xvfb"    # the xcb test's X server
	DABIR_DIST_TEST=1 QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q tests/dist

install-desktop: $(DIST_EXE)
	sh packaging/linux/install-desktop.sh

icons: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/render_icon.py
