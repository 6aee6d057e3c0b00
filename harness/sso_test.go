package harness

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/idpsim/idpsim/simulator/castai"
)

// TestSSOScenarios runs the @sso scenarios against a shared castsim, once as
// it is and once with its sign-in routes gone: a target without SSO has its
// @sso scenarios skipped, never failed, each saying why (the skip is decided
// inside a step); one with SSO passes them.
func TestSSOScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the @sso scenarios twice")
	}
	tests := []struct {
		name        string
		withSignIn  bool
		wantSkipped bool
	}{
		{"target with sign-in", true, false},
		{"target without sign-in", false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			url, token, apiKey := startSSOTarget(t, tt.withSignIn)
			res, err := Run(t.Context(), Config{
				TargetSCIMURL: url + "/scim/v2", TargetSCIMToken: token,
				TargetConsoleURL: url, TargetAPIKey: apiKey, TargetOrgID: castai.DefaultOrgID,
				Tags: "@sso", Output: io.Discard, NoColor: true,
			})
			if err != nil {
				t.Fatal(err)
			}
			var buf bytes.Buffer
			res.WriteSummary(&buf)
			if res.Count(StatusFailed) > 0 || len(res.Scenarios) < 4 {
				t.Fatalf("@sso run not green:\n%s", buf.String())
			}
			skipped := res.Count(StatusSkipped)
			if (skipped == len(res.Scenarios)) != tt.wantSkipped || (!tt.wantSkipped && skipped > 0) {
				t.Errorf("%d of %d scenarios skipped, want all: %v\n%s", skipped,
					len(res.Scenarios), tt.wantSkipped, buf.String())
			}
			checkSkipReasons(t, res, "the target offers no SSO sign-in: GET /v1/auth/login answers 404")
			if strings.Contains(buf.String(), "()") {
				t.Errorf("the summary shows an empty reason:\n%s", buf.String())
			}
		})
	}
}

// checkSkipReasons requires every skipped scenario of res to say why, with
// the reason want.
func checkSkipReasons(t *testing.T, res *Result, want string) {
	t.Helper()
	for _, s := range res.Scenarios {
		if s.Status == StatusSkipped && s.Reason != want {
			t.Errorf("skipped scenario %q gives the reason %q, want %q", s.Name, s.Reason, want)
		}
	}
}

// startSSOTarget serves a castsim whose /v1/auth routes answer 404 unless
// withSignIn is set.
func startSSOTarget(t *testing.T, withSignIn bool) (url, token, apiKey string) {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	url = "http://" + srv.Listener.Addr().String()
	token, apiKey = newSecret(), newSecret()
	cast, err := castai.New(castai.Config{PublicURL: url, SCIMToken: token, APIKey: apiKey})
	if err != nil {
		t.Fatal(err)
	}
	h := cast.Handler()
	srv.Config.Handler = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !withSignIn && strings.HasPrefix(r.URL.Path, "/v1/auth/") {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
	srv.Start()
	t.Cleanup(srv.Close)
	return url, token, apiKey
}
