package containers

import (
	"context"
	"os"
	"strings"
	"testing"
)

func TestMain(m *testing.M) {
	// The reaper's image cannot be pulled on machines without a registry;
	// every test removes what it starts itself.
	if os.Getenv("TESTCONTAINERS_RYUK_DISABLED") == "" {
		_ = os.Setenv("TESTCONTAINERS_RYUK_DISABLED", "true")
	}
	os.Exit(m.Run())
}

// requireEngine skips the test without a Docker engine, except in CI
// (CI=true), where a missing engine fails it.
func requireEngine(t *testing.T) {
	t.Helper()
	if testing.Short() {
		t.Skip("container tests build images and start containers; skipped with -short")
	}
	err := Ping(context.Background())
	if err == nil {
		return
	}
	if os.Getenv("CI") == "true" {
		t.Fatalf("CI=true needs a Docker engine for the container tests: %v", err)
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	t.Skipf("no Docker engine: %s", first)
}
