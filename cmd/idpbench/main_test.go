package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// requiredKeys are the figures bench-results.json must hold (docs/performance.md).
var requiredKeys = []string{
	"initial_sync_seconds", "sync_requests_per_second", "baseline_requests_per_second",
	"efficiency_ratio", "suite_seconds", "lookup_p50_ms", "patch_p50_ms", "rss_mib_100k",
	"startup_ms_idpsim", "startup_ms_castsim",
}

// TestBenchTiny runs every phase at a tiny size, binaries and conformance
// suite included, and checks the figures file: every required key, numbers
// only, and both syncs verified. It asserts no timing.
func TestBenchTiny(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binaries and runs the conformance suite")
	}
	out := filepath.Join(t.TempDir(), "bench-results.json")
	var stdout, stderr bytes.Buffer
	code := run([]string{
		"--users", "30", "--groups", "4", "--memberships", "60",
		"--memory-users", "200", "--memory-groups", "20", "--lookup-users", "300",
		"--patch-group", "150", "--samples", "20", "--startup-runs", "2", "--out", out,
	},
		&stdout, &stderr)
	if code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", code, &stdout, &stderr)
	}

	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	var figures map[string]any
	if err := json.Unmarshal(data, &figures); err != nil {
		t.Fatal(err)
	}
	for key, v := range figures {
		if _, ok := v.(float64); !ok {
			t.Errorf("figure %s = %v is not a number", key, v)
		}
	}
	for _, key := range requiredKeys {
		if v, ok := figures[key].(float64); !ok || v <= 0 {
			t.Errorf("figure %s = %v, want a positive number", key, figures[key])
		}
	}
	for _, key := range []string{"sync_verified", "rss_sync_verified"} {
		if figures[key] != 1.0 {
			t.Errorf("%s = %v, want 1", key, figures[key])
		}
	}
	if figures["suite_failed"] != 0.0 {
		t.Errorf("suite_failed = %v, want 0", figures["suite_failed"])
	}
	if !strings.Contains(stdout.String(), "castsim holds exactly the org") {
		t.Errorf("table lacks the verification row:\n%s", &stdout)
	}
}

func TestFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		wantErr string
		check   func(t *testing.T, c cli)
	}{
		{name: "defaults", check: func(t *testing.T, c cli) {
			t.Helper()
			if c.out != "bench-results.json" || c.opts.Users != 0 {
				t.Errorf("out %q users %d", c.out, c.opts.Users)
			}
		}},
		{name: "quick takes a tenth", args: []string{"--quick"}, check: func(t *testing.T, c cli) {
			t.Helper()
			if c.opts.Users != 1000 || c.opts.MemoryUsers != 10000 {
				t.Errorf("users %d memory users %d", c.opts.Users, c.opts.MemoryUsers)
			}
		}},
		{
			name: "quick keeps a given size", args: []string{"--quick", "--users", "77"},
			check: func(t *testing.T, c cli) {
				t.Helper()
				if c.opts.Users != 77 {
					t.Errorf("users %d, want 77", c.opts.Users)
				}
			},
		},
		{name: "negative size", args: []string{"--users", "-1"}, wantErr: "users -1 is negative"},
		{name: "stray argument", args: []string{"now"}, wantErr: "unexpected arguments"},
		{name: "bad log level", args: []string{"--log-level", "loud"}, wantErr: "log level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			c, err := parseFlags(tt.args, &stderr)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			tt.check(t, c)
		})
	}
}
