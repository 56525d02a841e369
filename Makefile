# The README's two commands, `make run` and `make test`, do all set-up on a fresh machine.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEB_PACKAGES := libfribidi-bin poppler-utils fonts-dejavu-core

.PHONY: setup run test bench debs clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PY) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

# Tests compare against GNU FriBidi and render pages with poppler; install them when we can.
debs:
	@missing=""; for p in $(DEB_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing) >/dev/null; \
	  else \
	    echo "Tests need:$$missing — run: sudo apt-get install$$missing"; exit 1; \
	  fi; \
	fi

run: setup
	$(BIN)/dabir

test: setup debs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

bench: setup debs
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

clean:
	rm -rf $(VENV) build dist *.egg-info

# --- The self-contained bundle (issue 12): `make dist` builds dist/dabir/ with PyInstaller (installed into
# .venv here), rebuilt only when a source changed; `make dist-test` runs the bundle's smoke test
# (tests/dist/, collected only when a bundle exists); `make install-desktop` adds Dabir to a Linux
# desktop's applications menu for this user; `make icons` re-renders resources/icons/dabir.svg.
DIST_STAMP := $(VENV)/.dist-installed
DIST_EXE := dist/dabir/dabir
DIST_SOURCES := $(shell find app ui reports resources packaging -type f -not -path '*/__pycache__/*' 2>/dev/null) pyproject.toml

.PHONY: dist dist-test install-desktop icons

$(DIST_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[test,dist]'
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
