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
	# a venv made before the PySide6 pin (docs/gui.md) has PySide6-Pdf 6.12, whose QtPdf files Addons replaces
	$(BIN)/python -m pip uninstall --quiet --yes PySide6-Pdf 2>/dev/null || true
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
	rm -rf $(VENV) build *.egg-info
