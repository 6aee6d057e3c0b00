package harness

import (
	"bytes"
	"io"
	"net/http/httptest"
	"testing"

	"github.com/idpsim/idpsim/harness/scimspec"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
)

// startCastsim serves a castsim on a loopback port for a shared-target run.
func startCastsim(t *testing.T) (url, token, apiKey string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url = "http://" + srv.Listener.Addr().String()
	token, apiKey = newSecret(), newSecret()
	cast, err := castai.New(castai.Config{PublicURL: url, SCIMToken: token, APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = cast.Handler()
	srv.Start()
	t.Cleanup(srv.Close)
	return url, token, apiKey
}

// TestSharedTarget runs the suite the way it runs against someone's own
// service: one target for every scenario, names prefixed by the run id,
// @serial scenarios alone. It checks what is skipped without a console, and
// that --cleanup leaves the target as empty as it found it.
func TestSharedTarget(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the suite twice more")
	}
	tests := []struct {
		name        string
		withConsole bool
		idpByURL    bool
		wantSkipped bool
	}{
		{"scim only: console scenarios skipped", false, false, true},
		{"scim and console", true, false, false},
		{"scim and console, idpsim by URL", true, true, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, token, apiKey := startCastsim(t)
			cfg := Config{
				TargetSCIMURL: url + "/scim/v2", TargetSCIMToken: token, Cleanup: true,
				Output: io.Discard, NoColor: true,
			}
			if tt.idpByURL {
				cfg.IDPURL, cfg.IDPToken = startIdpsim(t)
			}
			if tt.withConsole {
				cfg.TargetConsoleURL, cfg.TargetAPIKey, cfg.TargetOrgID = url, apiKey, castai.DefaultOrgID
			}
			res, err := Run(t.Context(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			res.WriteSummary(&buf)
			if !res.OK() {
				t.Fatalf("failures against a shared castsim:\n%s", buf.String())
			}
			if skipped := res.Count(StatusSkipped) > 0; skipped != tt.wantSkipped {
				t.Errorf("skipped scenarios: %v, want %v\n%s", skipped, tt.wantSkipped, buf.String())
			}
			checkSkipReasons(t, res, "needs the target's console API (--target-console-url, "+
				"--target-api-key, --target-org-id)")
			assertEmpty(t, &scimspec.Client{BaseURL: url + "/scim/v2", Token: token})
		})
	}
}

// startIdpsim serves an idpsim on a loopback port, as a running one would be.
func startIdpsim(t *testing.T) (url, token string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url, token = "http://"+srv.Listener.Addr().String(), newSecret()
	sim, err := okta.New(okta.Config{PublicURL: url, AdminToken: token})
	if err != nil {
		t.Fatal(err)
	}
	srv.Config.Handler = sim.Handler()
	srv.Start()
	t.Cleanup(func() {
		srv.Close()
		_ = sim.Close()
	})
	return url, token
}

func assertEmpty(t *testing.T, c *scimspec.Client) {
	t.Helper()
	for _, kind := range []string{"/Users", "/Groups"} {
		list, err := c.List(t.Context(), kind+"?startIndex=1&count=100")
		if err != nil {
			t.Fatal(err)
		}
		if list.TotalResults != 0 {
			var names []string
			for _, r := range list.Resources {
				names = append(names, scimspec.Snippet(r))
			}
			t.Errorf("after clean-up the target still holds %d %s: %v", list.TotalResults, kind[1:], names)
		}
	}
}
