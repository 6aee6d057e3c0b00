package containers

import (
	"bytes"
	"log/slog"
	"net"
	"strings"
	"testing"

	tclog "github.com/testcontainers/testcontainers-go/log"

	"github.com/idpsim/idpsim/harness"
)

func TestOptionsDefaults(t *testing.T) {
	o, err := Options{}.withDefaults()
	if err != nil {
		t.Fatal(err)
	}
	if o.AdminToken != DefaultAdminToken || o.SCIMToken != DefaultSCIMToken ||
		o.APIKey != DefaultAPIKey {
		t.Errorf("credentials %q %q %q, want the demo ones", o.AdminToken, o.SCIMToken, o.APIKey)
	}
	if o.TimeScale != harness.EmbeddedTimeScale || o.StartTimeout != DefaultStartTimeout {
		t.Errorf("time scale %v, start timeout %v", o.TimeScale, o.StartTimeout)
	}
}

func TestOptionsTarget(t *testing.T) {
	tests := []struct {
		name     string
		target   TargetImage
		wantErrs []string
		wantPath string
	}{
		{
			name: "complete",
			target: TargetImage{
				Image: "acme/scim:1", SCIMPort: 9000, SCIMToken: "t", SCIMPath: "api/scim/",
			},
			wantPath: "/api/scim",
		},
		{
			name:     "default path",
			target:   TargetImage{Image: "acme/scim:1", SCIMPort: 9000, SCIMToken: "t"},
			wantPath: DefaultSCIMPath,
		},
		{
			name:     "everything missing",
			target:   TargetImage{SCIMPort: 70000},
			wantErrs: []string{"target image", "port 70000", "token"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			target := tt.target
			o, err := Options{Target: &target}.withDefaults()
			if len(tt.wantErrs) == 0 {
				if err != nil {
					t.Fatalf("unexpected error: %v", err)
				}
				if o.Target.SCIMPath != tt.wantPath {
					t.Errorf("SCIM path %q, want %q", o.Target.SCIMPath, tt.wantPath)
				}
				return
			}
			if err == nil {
				t.Fatal("no error")
			}
			for _, w := range tt.wantErrs {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestPortsForTarget(t *testing.T) {
	free, err := freePorts(1)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Options{Target: &TargetImage{SCIMPort: free[0]}}.ports()
	if err != nil {
		t.Fatal(err)
	}
	if p.target != free[0] || p.idp == p.target || p.idp == 0 {
		t.Errorf("ports %+v for target port %d", p, free[0])
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	busy := ln.Addr().(*net.TCPAddr).Port
	_, err = Options{Target: &TargetImage{SCIMPort: busy}}.ports()
	if err == nil || !strings.Contains(err.Error(), "must be free") {
		t.Errorf("target port %d in use: error %v, want one saying it must be free", busy, err)
	}
}

func TestHarnessConfig(t *testing.T) {
	st := &Stack{
		IDPURL: "http://127.0.0.1:1", IDPToken: "a", SCIMURL: "http://127.0.0.1:2/scim/v2",
		SCIMToken: "s", ConsoleURL: "http://127.0.0.1:2", APIKey: "k", OrgID: "o",
	}
	cfg := st.HarnessConfig(harness.Config{Tags: "@scim"})
	if err := cfg.Validate(); err != nil {
		t.Fatalf("config from a stack does not validate: %v", err)
	}
	if cfg.Embedded() || !cfg.HasConsole() || cfg.Tags != "@scim" {
		t.Errorf("config %+v: want a shared target with a console, tags kept", cfg)
	}
}

// TestStackRoutesTestcontainersLog checks that testcontainers' own lines
// (its "Connected to docker" banner among them) go to the stack's logger at
// debug level, not to stderr. Bad options stop StartStack before any Docker
// call, after the logger is set.
func TestStackRoutesTestcontainersLog(t *testing.T) {
	prev := tclog.Default()
	t.Cleanup(func() { tclog.SetDefault(prev) })
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))

	_, err := StartStack(t.Context(), Options{Logger: logger, Target: &TargetImage{}})
	if err == nil {
		t.Fatal("a target image without a name started")
	}
	tclog.Printf("Connected to docker: %s", "probe")
	if !strings.Contains(buf.String(), "level=DEBUG") || !strings.Contains(buf.String(), "Connected to docker: probe") {
		t.Errorf("testcontainers' line is not in the stack's log at debug level: %q", buf.String())
	}
}
