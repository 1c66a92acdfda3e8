# Manyi — the two commands of the quick start, and a few helpers around CMake/CTest.
#   make run    install what is missing, build server and web app, serve on 127.0.0.1:8080
#   make test   the same set-up, then the whole suite (-Werror build, then ASan+UBSan build)
# Both are safe to run again: packages, npm modules and builds are only redone when needed.

BUILD      ?= build
BUILD_ASAN ?= build-asan
JOBS       ?= $(shell nproc 2>/dev/null || echo 2)
export MANYI_DB     ?= sqlite:var/manyi.db
export MANYI_LISTEN ?= 127.0.0.1:8080

.PHONY: all deps build web run demo test test-fast test-asan clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) -DMANYI_WERROR=ON >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

web: deps
	@bash scripts/web-build.sh

run: build web
ifeq ($(DEMO),1)
	@./$(BUILD)/manyi demo
endif
	@echo "Manyi on http://$(MANYI_LISTEN)  (store: $(MANYI_DB); Ctrl-C stops)"
	@./$(BUILD)/manyi serve

demo: build
	@./$(BUILD)/manyi demo

# The whole suite: unit, store (SQLite and PostgreSQL), API, browser; then the unit, store and
# API tests again under AddressSanitizer and UndefinedBehaviorSanitizer.
test: build web
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS)
	@$(MAKE) --no-print-directory test-asan

test-fast: build
	@cd $(BUILD) && ctest --output-on-failure -j $(JOBS) -L 'unit|store|api'

test-asan: deps
	@cmake -S . -B $(BUILD_ASAN) -DMANYI_WERROR=ON -DMANYI_SANITIZE=ON -DMANYI_E2E=OFF \
	       -DCMAKE_BUILD_TYPE=Debug >/dev/null
	@cmake --build $(BUILD_ASAN) -j $(JOBS)
	@cd $(BUILD_ASAN) && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
	    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    ctest --output-on-failure -j $(JOBS) -L 'unit|store|api'

clean:
	rm -rf $(BUILD) $(BUILD_ASAN) web/dist
