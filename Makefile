# eventcal — developer and CI entry points. See scripts/services.sh for how
# Postgres and Redis are found or started.
SHELL := bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := build
MAKEFLAGS += --no-print-directory

GO ?= go
SERVICES := scripts/services.sh

# Every Go file that git knows about or would add (tracked + untracked, not
# ignored) and that still exists on disk.
GO_FILES = git ls-files --cached --others --exclude-standard -- '*.go' | sort -u | \
	while IFS= read -r f; do if [ -f "$$f" ]; then printf '%s\n' "$$f"; fi; done

# Generated Go files (the `// Code generated ... DO NOT EDIT.` convention:
# templ's *_templ.go and sqlc's output in db/), each with its checksum.
GENERATED_SUMS = $(GO_FILES) | while IFS= read -r f; do \
		if [[ "$$f" == *_templ.go ]] || head -n 5 "$$f" | grep -Ec '^// Code generated .* DO NOT EDIT\.$$' >/dev/null; then \
			sha256sum "$$f"; fi; \
	done

.PHONY: generate build run stop test fmt vet tidy fuzz load audit

# Fuzzing: a few seconds per target in `make test`, FUZZTIME in `make fuzz`.
FUZZTIME_TEST ?= 3s
FUZZTIME ?= 1m
# `make load` drives BASE_URL (a running instance on loopback) for LOAD_DURATION.
BASE_URL ?= http://localhost:8000
LOAD_DURATION ?= 60s
LOAD_CONNECTIONS ?= 64

generate:
	$(GO) tool templ generate
	$(GO) tool sqlc generate

build:
	$(GO) build -o bin/eventcal .

# Dev server: services, database `eventcal`, migrations, then serve on :8000.
run:
	@envout="$$($(SERVICES) env)"; eval "$$envout"; \
	DATABASE_URL="$$($(SERVICES) createdb eventcal)"; export DATABASE_URL; \
	export DEBUG="$${DEBUG:-true}"; \
	echo "run: DATABASE_URL=$$DATABASE_URL"; \
	echo "run: REDIS_URL=$$REDIS_URL"; \
	echo "run: DEBUG=$$DEBUG"; \
	echo "run: $(GO) build -o bin/eventcal ."; \
	$(GO) build -o bin/eventcal .; \
	echo "run: ./bin/eventcal migrate"; \
	./bin/eventcal migrate; \
	echo "run: ./bin/eventcal serve (on $${ADDR:-:8000}; Ctrl-C stops it; 'make stop' stops private services)"; \
	exec ./bin/eventcal serve

stop:
	$(SERVICES) stop

test:
	@echo "== gofmt"; \
	bad="$$($(GO_FILES) | xargs -r -d '\n' gofmt -l)"; \
	if [ -n "$$bad" ]; then echo "gofmt: these files need 'make fmt':"; echo "$$bad"; exit 1; fi
	@echo "== generated code is fresh (templ, sqlc)"; \
	before="$$($(GENERATED_SUMS))"; \
	$(GO) tool templ generate; \
	$(GO) tool sqlc generate; \
	after="$$($(GENERATED_SUMS))"; \
	if [ "$$before" != "$$after" ]; then \
		echo "generated code was stale; regenerated now, review and commit:"; \
		{ diff <(echo "$$before") <(echo "$$after") || true; } | awk '/^[<>]/ {print "  " $$3}' | sort -u; \
		exit 1; \
	fi; \
	mapfile -t gen < <(echo "$$after" | awk 'NF {print $$2}'); \
	if [ "$${#gen[@]}" -gt 0 ]; then \
		if ! git diff --quiet -- "$${gen[@]}"; then \
			echo "generated files differ from what git has; 'git add' them:"; \
			git --no-pager diff --stat -- "$${gen[@]}"; exit 1; \
		fi; \
		untracked="$$(git ls-files --others --exclude-standard -- "$${gen[@]}")"; \
		if [ -n "$$untracked" ]; then \
			echo "generated files not under version control; 'git add' them:"; echo "$$untracked"; exit 1; \
		fi; \
	fi; \
	echo "$${#gen[@]} generated files, all fresh and tracked"
	@echo "== go vet"; \
	$(GO) vet ./...
	@echo "== go test"; \
	envout="$$($(SERVICES) env)"; eval "$$envout"; \
	echo "DATABASE_URL=$$DATABASE_URL REDIS_URL=$$REDIS_URL"; \
	$(GO) test -race -count=1 ./...
	@echo "== fuzz ($(FUZZTIME_TEST) per target)"; \
	envout="$$($(SERVICES) env)"; eval "$$envout"; \
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME_TEST)
	@echo "== staticcheck"; \
	$(GO) tool staticcheck ./...

fmt:
	@$(GO_FILES) | xargs -r -d '\n' gofmt -l -w

vet:
	$(GO) vet ./...

tidy:
	$(GO) mod tidy

# The performance table against the physical bound (bench/results.md); uses
# scripts/services.sh (or DATABASE_URL/REDIS_URL), its own database
# eventcal_bench and Redis prefix eventcal_bench:, then Lighthouse (npm ci in
# bench/lighthouse when its lock changed; Debian's Chromium). BENCH_FLAGS,
# e.g. -rounds 1, -lighthouse=false.
.PHONY: bench
bench:
	$(GO) build -o bin/bench ./bench
	./bin/bench $(BENCH_FLAGS)

# Every fuzz target for FUZZTIME each (default 1m), against the services.
fuzz:
	@envout="$$($(SERVICES) env)"; eval "$$envout"; \
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME)

# Mixed reads and writes from LOAD_CONNECTIONS clients for LOAD_DURATION
# against BASE_URL (loopback only; start one with `make run`). Fails on any
# error or stale read. Not part of `make test`.
load:
	$(GO) run ./load -base "$(BASE_URL)" -c $(LOAD_CONNECTIONS) -d $(LOAD_DURATION)

# Module versions against audit/advisories.txt (fails below a fixed
# version), then go vet and staticcheck.
audit:
	$(GO) run ./audit
	$(GO) vet ./...
	$(GO) tool staticcheck ./...
