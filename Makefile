# Anxiao (安校). The two commands for a newcomer: `make demo` and `make test` (see README.md).
PORT ?= 8080
BUILD ?= build
JOBS ?= $(shell nproc)
DATA ?= data/demo
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps deps-test build build-cpp build-web demo test test-unit test-sanitize crash-test bench format clean

all: build

deps:
	@scripts/install-deps.sh demo

deps-test:
	@scripts/install-deps.sh test

# `make build` only builds: the C++ binary (build/anxiao) and the web application (web/dist).
build: build-cpp build-web

build-cpp:
	@cmake -S . -B $(BUILD) -G Ninja $(CMAKE_FLAGS) >/dev/null
	@ninja -C $(BUILD) -j$(JOBS)

build-web:
	@if [ -f web/package.json ]; then cd web && npm ci --no-audit --no-fund --loglevel=error && npm run build --silent; fi

# Installs what is missing, builds, loads the demo city on first start and serves it.
demo: deps build
	@mkdir -p $(DATA)
	@$(BUILD)/anxiao demo --data $(DATA) --port $(PORT)

# Installs what is missing, builds, and runs every test (unit, store contract on SQLite and
# PostgreSQL, API against the real binary, web unit and browser tests).
test: deps-test build
	@scripts/run-tests.sh $(BUILD)

# Unit tests only, built with AddressSanitizer and UBSan in build-asan/.
test-sanitize: deps
	@cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DANXIAO_SANITIZE=ON -DANXIAO_BUILD_BENCH=OFF >/dev/null
	@ninja -C build-asan -j$(JOBS)
	@ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-asan -L unit --output-on-failure -j$(JOBS)

# The long crash test: 20 SIGKILLs under write load per engine (make test runs a 2-round version).
crash-test: deps-test build
	@scripts/crash-test.sh $(BUILD)

bench: deps-test build
	@scripts/run-bench.sh $(BUILD)

format:
	@clang-format -i --style=file $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD) build-asan web/dist
