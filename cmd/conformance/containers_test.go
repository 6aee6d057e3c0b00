package main

import (
	"bytes"
	"strings"
	"testing"
)

func TestContainerFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		enabled bool
		wantErr string
	}{
		{name: "off", args: nil},
		{name: "castsim stack", args: []string{"--containers"}, enabled: true},
		{
			name: "target image",
			args: []string{
				"--target-image", "acme/scim:1", "--target-scim-port", "9000", "--target-scim-token", "t",
			},
			enabled: true,
		},
		{
			name:    "target image without port or token",
			args:    []string{"--target-image", "acme/scim:1"},
			enabled: true, wantErr: "needs --target-scim-port and --target-scim-token",
		},
		{
			name: "stack and a target URL",
			args: []string{
				"--containers", "--target-scim-url", "http://x/scim/v2", "--target-scim-token", "t",
			},
			enabled: true, wantErr: "drop --target-scim-url",
		},
		{
			name:    "port without image",
			args:    []string{"--containers", "--target-scim-port", "9000"},
			enabled: true, wantErr: "go with --target-image",
		},
		{
			name: "target env",
			args: []string{
				"--target-image", "a", "--target-scim-port", "1", "--target-scim-token", "t",
				"--target-env", "A=1", "--target-env", "B=x=y",
			},
			enabled: true,
		},
		{
			name:    "target env without image",
			args:    []string{"--containers", "--target-env", "A=1"},
			enabled: true, wantErr: "go with --target-image",
		},
		{
			name:    "malformed target env",
			args:    []string{"--target-image", "a", "--target-env", "A"},
			enabled: true, wantErr: "want KEY=VALUE",
		},
		{
			name:    "defects",
			args:    []string{"--containers", "--defect", "drop-title"},
			enabled: true, wantErr: "embedded target only",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, ctr, err := parseOptions(tt.args, &bytes.Buffer{}, func(string) string { return "" })
			if ctr.enabled() != tt.enabled {
				t.Errorf("container mode %t, want %t", ctr.enabled(), tt.enabled)
			}
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("unexpected error: %v", err)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("error %v, want one containing %q", err, tt.wantErr)
			}
		})
	}
}

// TestContainerFlagsFromEnv checks the environment twins, which the compose
// file and CI use.
func TestContainerFlagsFromEnv(t *testing.T) {
	env := map[string]string{
		"CONFORMANCE_TARGET_IMAGE":       "acme/scim:1",
		"CONFORMANCE_TARGET_SCIM_PORT":   "9000",
		"CONFORMANCE_TARGET_SCIM_TOKEN":  "t",
		"CONFORMANCE_TARGET_HEALTH_PATH": "/healthz",
		"CONFORMANCE_TARGET_ENV":         "SCIM_TOKEN=a=b",
	}
	cfg, ctr, err := parseOptions(nil, &bytes.Buffer{}, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if !ctr.enabled() || ctr.image != "acme/scim:1" || ctr.scimPort != 9000 ||
		ctr.healthPath != "/healthz" || cfg.TargetSCIMToken != "t" || ctr.env["SCIM_TOKEN"] != "a=b" {
		t.Errorf("from the environment: %+v, token %q", *ctr, cfg.TargetSCIMToken)
	}
}
