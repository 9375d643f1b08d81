# The two commands of the README: `make demo` and `make test`. Both install
# the Debian packages that are missing, build out of tree, then run.
BUILD      ?= build
BUILD_TYPE ?= RelWithDebInfo
JOBS       ?= $(shell nproc)
FUZZ_SECONDS ?= 60
CMAKE_FLAGS ?=
PREFIX     ?= /usr/local
DESTDIR    ?=

.PHONY: all demo test build deps bench bench-base fuzz docs sanitize clang clean install soak

all: build

deps:
	@scripts/install-deps.sh build

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DEVT_WERROR=ON $(CMAKE_FLAGS)

build: deps $(BUILD)/build.ninja
	cmake --build $(BUILD) -j $(JOBS)

demo:
	@scripts/install-deps.sh build test
	@$(MAKE) --no-print-directory build
	@scripts/demo.sh $(BUILD) $(DEMO_ARGS)

test:
	@scripts/install-deps.sh build test
	@$(MAKE) --no-print-directory build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Binaries, man pages, completions, the runbook library and the systemd
# units under PREFIX (default /usr/local), staged under DESTDIR if set.
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD) --prefix "$(PREFIX)"

# The outbox's kill -9 tests (a put, a delivery, an upload to S3) twenty
# times each instead of five, and the hub's same-answers
# property over 400 random sites instead of 80: longer than `make test` may
# take. EVT_TEST_SEED replays a seed.
soak: build
	EVT_OUTBOX_KILLS=20 ctest --test-dir $(BUILD) --output-on-failure -R 'cli: outbox: (kill_put|deliver_kill|s3_kill)'
	EVT_HUB_SCENARIOS=400 ctest --test-dir $(BUILD) --output-on-failure -R 'unit: hub property: '

# Benchmarks compare against a reference tool in the same run; not part of `make test`.
bench: build
	@scripts/install-deps.sh bench
	@for b in tests/bench/*.sh; do echo "== $$b"; bash $$b "" $(BUILD) || exit 1; done

# This tree's price and probe speed against commit BASE's, built aside: `make bench-base BASE=main`.
bench-base: build
	@scripts/install-deps.sh bench
	bash tests/bench/compare_base.sh "$(BASE)" $(BUILD)

# libFuzzer targets under ASan+UBSan, each for FUZZ_SECONDS (default 60).
fuzz:
	@scripts/install-deps.sh build fuzz
	CXX=clang++-14 cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DEVT_FUZZ=ON
	cmake --build build-fuzz -j $(JOBS)
	@scripts/run-fuzzers.sh build-fuzz $(FUZZ_SECONDS)

# Regenerates man/ and completions/ from the parsers; commit the result.
docs: build
	cmake --build $(BUILD) --target docs

sanitize:
	@scripts/install-deps.sh build test fuzz
	CXX=clang++-14 cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DEVT_SANITIZE=ON
	cmake --build build-asan -j $(JOBS)
	ctest --test-dir build-asan --output-on-failure -j $(JOBS)

clang:
	@scripts/install-deps.sh build test
	CXX=clang++-14 cmake -S . -B build-clang -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DEVT_WERROR=ON
	cmake --build build-clang -j $(JOBS)

clean:
	rm -rf $(BUILD) build-fuzz build-asan build-clang
