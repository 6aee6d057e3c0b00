package consoletest

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/castai"
	castconsole "github.com/idpsim/idpsim/simulator/castai/console"
	"github.com/idpsim/idpsim/simulator/okta"
	oktaconsole "github.com/idpsim/idpsim/simulator/okta/console"
)

const (
	adminToken = "console-test-admin-token"
	apiKey     = "console-test-api-key"
	scimToken  = "console-test-scim-token"
	oidcSecret = "console-test-oidc-secret"
	password   = "Console-Test-Passw0rd"
	waitLimit  = 30 * time.Second
)

// stack is a running idpsim with the demo org pushing to a running castsim,
// both with their consoles mounted.
type stack struct {
	sim     *okta.Sim
	cast    *castai.Server
	idpURL  string
	castURL string
}

func startStack(t *testing.T) *stack {
	t.Helper()
	castSrv := httptest.NewUnstartedServer(nil)
	idpSrv := httptest.NewUnstartedServer(nil)
	st := &stack{
		idpURL: "http://" + idpSrv.Listener.Addr().String(), castURL: "http://" +
			castSrv.Listener.Addr().String(),
	}

	cast, err := castai.New(castai.Config{
		PublicURL: st.castURL, APIKey: apiKey, SCIMToken: scimToken,
		SSO: castai.OktaSSO{Domain: st.idpURL, ClientID: "castsim", ClientSecret: oidcSecret},
	})
	if err != nil {
		t.Fatalf("start castsim: %v", err)
	}
	if err := castconsole.Mount(cast, castconsole.Config{}); err != nil {
		t.Fatalf("mount castsim console: %v", err)
	}
	sim, err := okta.New(okta.Config{PublicURL: st.idpURL, AdminToken: adminToken, TimeScale: 0.001})
	if err != nil {
		t.Fatalf("start idpsim: %v", err)
	}
	t.Cleanup(func() { _ = sim.Close() })
	if err := oktaconsole.Mount(sim, oktaconsole.Config{AdminToken: adminToken}); err != nil {
		t.Fatalf("mount idpsim console: %v", err)
	}
	castSrv.Config.Handler, idpSrv.Config.Handler = cast.Handler(), sim.Handler()
	castSrv.Start()
	idpSrv.Start()
	t.Cleanup(castSrv.Close)
	t.Cleanup(idpSrv.Close)
	st.sim, st.cast = sim, cast

	doc, err := fixtures.Demo()
	if err != nil {
		t.Fatalf("demo fixture: %v", err)
	}
	for i := range doc.Apps {
		if c := doc.Apps[i].Connection; c != nil {
			c.BaseURL, c.Token = st.castURL+"/scim/v2", scimToken
		}
	}
	for i := range doc.OIDCClients {
		doc.OIDCClients[i].ClientSecret = oidcSecret
		doc.OIDCClients[i].RedirectURIs = []string{st.castURL + "/v1/auth/callback"}
	}
	for i := range doc.Users {
		if doc.Users[i].Password != "" {
			doc.Users[i].Password = password
		}
	}
	if err := sim.LoadFixture(doc); err != nil {
		t.Fatalf("load demo fixture: %v", err)
	}
	st.wait(t)
	return st
}

// wait blocks until idpsim has pushed everything queued.
func (st *stack) wait(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	if err := st.sim.Wait(ctx, ""); err != nil {
		t.Fatalf("wait for idpsim pushes: %v", err)
	}
}
