package main

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestParseFlags(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		env     map[string]string
		check   func(options) bool
		wantErr string
	}{
		{name: "token required", args: nil, wantErr: "--admin-token"},
		{
			name: "env twin", env: map[string]string{
				"IDPSIM_ADMIN_TOKEN": "t",
				"IDPSIM_TIME_SCALE":  "0.01", "IDPSIM_ADDR": "127.0.0.1:9999",
			},
			check: func(o options) bool {
				return o.adminToken == "t" && o.timeScale == 0.01 && o.Addr == "127.0.0.1:9999"
			},
		},
		{
			name: "flag beats env", args: []string{"--workers", "2"},
			env:   map[string]string{"IDPSIM_ADMIN_TOKEN": "t", "IDPSIM_WORKERS": "7"},
			check: func(o options) bool { return o.workers == 2 },
		},
		{
			name: "defaults", args: []string{"--admin-token", "t"},
			check: func(o options) bool {
				return o.Addr == "127.0.0.1:8080" && o.requestTimeout == 60*time.Second &&
					o.timeScale == 1 && o.LogLevel == "info"
			},
		},
		{name: "bad env value", env: map[string]string{
			"IDPSIM_ADMIN_TOKEN": "t",
			"IDPSIM_PUSH_DELAY":  "soon",
		}, wantErr: "IDPSIM_PUSH_DELAY"},
		{
			name: "tls pair", args: []string{"--admin-token", "t", "--tls-cert", "c.pem"},
			wantErr: "--tls-key",
		},
		{
			name: "log level", args: []string{"--admin-token", "t", "--log-level", "loud"},
			wantErr: "--log-level",
		},
		{
			name: "time scale zero", args: []string{"--admin-token", "t", "--time-scale", "0"},
			wantErr: "--time-scale 0: want a number above 0",
		},
		{
			name: "no workers", args: []string{"--admin-token", "t", "--workers", "0"},
			wantErr: "--workers 0: want 1 to 64",
		},
		{
			name: "empty journal", args: []string{"--admin-token", "t", "--journal-size", "0"},
			wantErr: "--journal-size 0",
		},
		{
			name: "negative push delay", args: []string{"--admin-token", "t", "--push-delay", "-1s"},
			wantErr: "--push-delay -1s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			getenv := func(k string) string { return tt.env[k] }
			o, err := parseFlags(tt.args, getenv, io.Discard)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want it to mention %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if !tt.check(o) {
				t.Errorf("options %+v do not match", o)
			}
		})
	}
}

func TestLoadSigningKey(t *testing.T) {
	key, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	pkcs8, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	files := map[string][]byte{
		"pkcs1.pem": pem.EncodeToMemory(&pem.Block{
			Type:  "RSA PRIVATE KEY",
			Bytes: x509.MarshalPKCS1PrivateKey(key),
		}),
		"pkcs8.pem": pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: pkcs8}),
		"junk.pem":  []byte("not a key"),
	}
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for _, name := range []string{"pkcs1.pem", "pkcs8.pem"} {
		got, err := loadSigningKey(filepath.Join(dir, name))
		if err != nil || !got.Equal(key) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := loadSigningKey(filepath.Join(dir, "junk.pem")); err == nil {
		t.Error("junk.pem loaded")
	}
}

// TestRunServesAndShutsDown starts the binary's server with the demo fixture,
// probes it with the healthcheck subcommand and stops it with its context.
func TestRunServesAndShutsDown(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	done := make(chan error, 1)
	start := time.Now()
	go func() {
		done <- run(ctx, []string{
			"--addr", "127.0.0.1:0", "--admin-token", "t",
			"--fixture", "../../fixtures/demo.yaml", "--time-scale", "0.001",
		},
			func(string) string { return "" }, io.Discard, func(a string) { addrc <- a })
	}()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("run ended before ready: %v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("not ready within 5s")
	}
	if took := time.Since(start); took > time.Second {
		t.Errorf("ready after %v, want well under a second", took)
	}
	getenv := func(string) string { return "" }
	if err := healthcheck(context.Background(), []string{"--addr", addr}, getenv,
		io.Discard); err != nil {
		t.Errorf("healthcheck: %v", err)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run: %v", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatal("no shutdown within 15s")
	}
	if err := healthcheck(context.Background(), []string{"--addr", addr}, getenv,
		io.Discard); err == nil {
		t.Error("healthcheck passed after shutdown")
	}
}
