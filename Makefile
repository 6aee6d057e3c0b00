# idpsim — common tasks. `make help` lists them.
GO            ?= go
BIN           ?= bin
LINT_VERSION  ?= v2.15.0
GOLANGCI_LINT ?= $(shell command -v golangci-lint 2>/dev/null || echo $(shell $(GO) env GOPATH)/bin/golangci-lint)

.PHONY: help build test test-race conformance lint lint-install fmt clean

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  %-20s %s\n", $$1, $$2}'

build: ## build idpsim, castsim, conformance, fixturegen and idpbench into ./bin
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

# --- containers and the demo -------------------------------------------------
# Images are FROM scratch and hold binaries cross-built here, so building pulls
# nothing (see build/Dockerfile and docs/containers.md).
DOCKER        ?= docker
IMAGE_PREFIX  ?= idpsim/
IMAGE_TAG     ?= dev
IMAGE_CONTEXT ?= $(BIN)/image
IMAGE_ARCH    ?= $(shell $(DOCKER) version -f '{{.Server.Arch}}' 2>/dev/null || $(GO) env GOARCH)
CA_BUNDLE     ?= /etc/ssl/certs/ca-certificates.crt
IMAGES        := idpsim castsim conformance
# `docker compose` (v2) when the CLI has it, else Debian's docker-compose (v1).
COMPOSE       ?= $(shell $(DOCKER) compose version >/dev/null 2>&1 && echo "$(DOCKER) compose" \
                   || echo docker-compose)

.PHONY: image image-context demo compose-up compose-down compose-conformance

image-context: ## put the image build context (binaries, CA bundle, users) in bin/image
	rm -rf $(IMAGE_CONTEXT)
	mkdir -p $(IMAGE_CONTEXT)/bin $(IMAGE_CONTEXT)/rootfs/etc/ssl/certs
	cp build/Dockerfile fixtures/demo.yaml $(IMAGE_CONTEXT)/
	cp build/rootfs/etc/passwd build/rootfs/etc/group $(IMAGE_CONTEXT)/rootfs/etc/
	cp $(CA_BUNDLE) $(IMAGE_CONTEXT)/rootfs/etc/ssl/certs/ca-certificates.crt
	CGO_ENABLED=0 GOOS=linux GOARCH=$(IMAGE_ARCH) $(GO) build -trimpath -ldflags "-s -w" \
		-o $(IMAGE_CONTEXT)/bin/ $(addprefix ./cmd/,$(IMAGES))

image: image-context ## build the idpsim, castsim and conformance images (FROM scratch)
	@for t in $(IMAGES); do \
		echo "$(IMAGE_PREFIX)$$t:$(IMAGE_TAG)"; \
		$(DOCKER) build -q --target $$t -t $(IMAGE_PREFIX)$$t:$(IMAGE_TAG) $(IMAGE_CONTEXT) \
			|| exit 1; \
	done
	@$(DOCKER) image prune -f --filter dangling=true --filter label=io.idpsim.image=true >/dev/null

demo: ## run idpsim and castsim as local processes with the demo org (Ctrl-C stops)
	GO="$(GO)" BIN="$(BIN)" scripts/demo.sh

# Debian's docker-compose 1.29 fails to recreate containers on newer engines,
# so with v1 the stack always goes down before it comes up.
compose-up: image ## start the demo stack in Docker on 127.0.0.1:8080 and :8081
	@case "$(COMPOSE)" in docker-compose) $(COMPOSE) down --remove-orphans ;; esac
	$(COMPOSE) up -d
	@$(COMPOSE) ps

compose-down: ## stop the demo stack and remove its containers and network
	$(COMPOSE) --profile conformance down --remove-orphans

compose-conformance: ## run the suite in Docker against the compose stack; reports in ./reports
	@mkdir -p reports
	CONFORMANCE_USER="$$(id -u):$$(id -g)" $(COMPOSE) --profile conformance run --rm conformance

# --- performance ---------------------------------------------------------------
# Figures only, never a pass/fail on time (docs/performance.md). ARGS="--quick"
# runs at a tenth of the sizes; see `go run ./cmd/idpbench --help`.
.PHONY: bench

bench: ## measure sync, baseline, suite, lookups, memory and startup into bench-results.json
	$(GO) run ./cmd/idpbench $(ARGS)
