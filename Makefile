# idpsim — common tasks. `make help` lists them.
GO            ?= go
BIN           ?= bin
LINT_VERSION  ?= v2.15.0
GOLANGCI_LINT ?= $(shell command -v golangci-lint 2>/dev/null || echo $(shell $(GO) env GOPATH)/bin/golangci-lint)

.PHONY: help build test test-race conformance lint lint-install fmt clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-14s %s\n", $$1, $$2}'

build: ## build idpsim, castsim, conformance and fixturegen into ./bin
	@mkdir -p $(BIN)
	$(GO) build -o $(BIN)/ ./cmd/...

test: ## run every test, including every conformance scenario as a subtest
	$(GO) test ./...

test-race: ## the tests under the race detector (what CI runs)
	$(GO) test -race ./...

conformance: ## the main job: the conformance suite against the embedded target
	$(GO) run ./cmd/conformance $(ARGS)

lint-install: ## install golangci-lint at the pinned version
	GOFLAGS= $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$(LINT_VERSION)

lint: ## go vet and golangci-lint
	$(GO) vet ./...
	$(GOLANGCI_LINT) run ./...

fmt: ## format the code the way the linters want it
	$(GOLANGCI_LINT) fmt ./...

clean: ## remove build outputs and reports
	rm -rf $(BIN) reports artifacts bench-results.json

# --- performance ---------------------------------------------------------------
# Figures only, never a pass/fail on time (docs/performance.md). ARGS="--quick"
# runs at a tenth of the sizes; see `go run ./cmd/idpbench --help`.
.PHONY: bench

bench: ## measure sync, baseline, suite, lookups, memory and startup into bench-results.json
	$(GO) run ./cmd/idpbench $(ARGS)
