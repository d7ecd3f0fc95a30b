# Fusion — run `make` (or `make help`) to list the targets.
.DEFAULT_GOAL := help
SHELL := /bin/bash

GO       ?= go
BIN      := bin/fusion
DATA     ?= fusion-data
PG_DSN   ?= postgres://postgres@127.0.0.1:5432/test?sslmode=disable
FUZZTIME ?= 60s
# sqlite_fts5: the embedded store uses the cgo SQLite driver with FTS5
# (without it, a plain `go build` uses the slower pure-Go driver).
TAGS     ?= sqlite_fts5

export FUSION_TEST_POSTGRES ?= $(PG_DSN)

.PHONY: help deps services build run test test-short lint fuzz bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-11s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

deps: ## install the system packages the build and tests need (idempotent)
	@scripts/deps.sh

services: ## start PostgreSQL if it is not running
	@scripts/services.sh

build: deps ## build bin/fusion
	$(GO) build -tags '$(TAGS)' -o $(BIN) ./cmd/fusion

run: build ## run Fusion on the embedded store with the demo data (Ctrl-C stops it)
	./$(BIN) --data $(DATA) serve --demo

test: deps services lint ## run the whole test suite (lint, unit, conformance on SQLite and PostgreSQL, CLI scripts, fuzz seeds)
	$(GO) test -tags '$(TAGS)' -count=1 ./...
	$(GO) test -tags '$(TAGS)' -count=1 -race ./internal/store/... ./internal/intel/... ./internal/api/... ./internal/access/... ./internal/bus/... ./internal/taxii/... ./internal/pull/...
	CGO_ENABLED=0 $(GO) test -count=1 ./internal/store/... ./internal/cli/...

test-short: ## run the tests without PostgreSQL and the race detector
	FUSION_TEST_POSTGRES= $(GO) test -tags '$(TAGS)' ./...

lint: ## go vet and staticcheck
	$(GO) vet -tags '$(TAGS)' ./...
	$(GO) run honnef.co/go/tools/cmd/staticcheck@v0.8.2 -tags '$(TAGS)' ./...

fuzz: ## run each fuzz target for FUZZTIME (default 60s)
	$(GO) test -run='^$$' -fuzz=FuzzPattern -fuzztime=$(FUZZTIME) ./internal/stix/pattern/
	$(GO) test -run='^$$' -fuzz=FuzzBundle -fuzztime=$(FUZZTIME) ./internal/stix/
	$(GO) test -run='^$$' -fuzz=FuzzVerify -fuzztime=$(FUZZTIME) ./internal/audit/
	$(GO) test -run='^$$' -fuzz=FuzzMISPEvent -fuzztime=$(FUZZTIME) ./internal/formats/misp/
	$(GO) test -run='^$$' -fuzz=FuzzExtract -fuzztime=$(FUZZTIME) ./internal/formats/freetext/
	$(GO) test -run='^$$' -fuzz=FuzzCSV -fuzztime=$(FUZZTIME) ./internal/formats/csv/
	for f in FuzzClientContentType FuzzClientTimestamp FuzzClientEnvelope FuzzServerEnvelope FuzzServerAccept; do \
		$(GO) test -tags '$(TAGS)' -run='^$$' -fuzz=$$f -fuzztime=$(FUZZTIME) ./internal/taxii/ || exit 1; done

bench: build ## ingest 1,000,000 generated indicators into a fresh embedded store and time queries
	scripts/bench.sh

clean: ## remove build output
	rm -rf bin
