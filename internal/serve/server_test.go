package serve

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/idpsim/idpsim/internal/testlog"
)

func TestLoopback(t *testing.T) {
	for in, want := range map[string]string{
		"0.0.0.0:8081":   "127.0.0.1:8081",
		":8081":          "127.0.0.1:8081",
		"[::]:80":        "127.0.0.1:80",
		"castsim:8081":   "castsim:8081",
		"10.1.2.3:8080":  "10.1.2.3:8080",
		"127.0.0.1:9000": "127.0.0.1:9000",
		"no-port":        "no-port",
	} {
		if got := Loopback(in); got != want {
			t.Errorf("Loopback(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestDefaultTimeouts(t *testing.T) {
	// The robustness suite relies on ReadHeader being short (slow-loris).
	got := DefaultTimeouts()
	want := Timeouts{
		ReadHeader: 5 * time.Second, Read: 30 * time.Second, Write: time.Minute,
		Idle: 2 * time.Minute, Shutdown: 10 * time.Second,
	}
	if got != want {
		t.Errorf("DefaultTimeouts() = %+v, want %+v", got, want)
	}
}

// TestRunServesProbesAndShutsDown serves a handler, probes it with
// Healthcheck, stops it through its context and checks the log lines.
func TestRunServesProbesAndShutsDown(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	logs := &testlog.Buffer{}
	var status atomic.Int32
	status.Store(http.StatusOK)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/healthz" {
			http.NotFound(w, r)
			return
		}
		w.WriteHeader(int(status.Load()))
	})
	ctx, cancel := context.WithCancel(context.Background())
	ready := make(chan string, 1)
	done := make(chan error, 1)
	go func() {
		done <- Server{
			Name: "testsim", Handler: h, Timeouts: DefaultTimeouts(),
			Logger: slog.New(slog.NewJSONHandler(logs, nil)), Ready: func(a string) { ready <- a },
			ListenAttrs: []any{"org_id", "o1"},
		}.Run(ctx, ln)
	}()
	addr := <-ready

	env := Env{Prefix: "T_", Getenv: envFrom(nil)}
	if err := Healthcheck(ctx, "testsim", "", env, []string{"--addr", addr}, io.Discard); err != nil {
		t.Errorf("Healthcheck: %v", err)
	}
	status.Store(http.StatusServiceUnavailable)
	err = Healthcheck(ctx, "testsim", "", env, []string{"--addr", addr}, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "status 503") {
		t.Errorf("Healthcheck on a 503 = %v, want status 503", err)
	}

	cancel()
	if err := <-done; err != nil {
		t.Fatalf("Run: %v", err)
	}
	out := logs.String()
	for _, want := range []string{
		`"msg":"testsim listening"`, `"scheme":"http"`, `"org_id":"o1"`,
		`"msg":"testsim shutting down"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("logs lack %s:\n%s", want, out)
		}
	}
	env.Getenv = envFrom(map[string]string{"T_ADDR": addr})
	if err := Healthcheck(context.Background(), "testsim", "", env, nil, io.Discard); err == nil {
		t.Error("Healthcheck passed after shutdown")
	}
}
