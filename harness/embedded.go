package harness

import (
	"context"
	"crypto/rand"
	"crypto/rsa"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"sync"

	"github.com/idpsim/idpsim/harness/scimspec"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
)

// embeddedEnv starts an idpsim and a castsim of its own for every scenario,
// each on a free loopback port, and stops them after the scenario.
type embeddedEnv struct {
	defects []string
	logger  *slog.Logger
	hc      *http.Client

	// One OIDC signing key serves every idpsim of the run: generating an
	// RSA key per scenario would cost most of the suite's CPU time.
	keyOnce sync.Once
	key     *rsa.PrivateKey
	keyErr  error
}

func (e *embeddedEnv) signingKey() (*rsa.PrivateKey, error) {
	e.keyOnce.Do(func() {
		e.key, e.keyErr = rsa.GenerateKey(rand.Reader, 2048)
	})
	if e.keyErr != nil {
		return nil, fmt.Errorf("generate the oidc signing key: %w", e.keyErr)
	}
	return e.key, nil
}

func (e *embeddedEnv) open(context.Context) (*space, error) {
	idpSrv, castSrv := httptest.NewUnstartedServer(nil), httptest.NewUnstartedServer(nil)
	idpURL := "http://" + idpSrv.Listener.Addr().String()
	castURL := "http://" + castSrv.Listener.Addr().String()
	adminToken, scimToken, apiKey, secret := newSecret(), newSecret(), newSecret(), newSecret()
	sso := castai.OktaSSO{Domain: idpURL, ClientID: "castsim", ClientSecret: secret}

	cast, err := castai.New(castai.Config{
		PublicURL: castURL, APIKey: apiKey, SCIMToken: scimToken, SSO: sso,
		Defects: e.defects, Logger: e.logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start castsim: %w", err)
	}
	key, err := e.signingKey()
	if err != nil {
		return nil, err
	}
	sim, err := okta.New(okta.Config{
		PublicURL: idpURL, AdminToken: adminToken, TimeScale: EmbeddedTimeScale, Logger: e.logger,
		OIDCSigningKey: key,
	})
	if err != nil {
		return nil, fmt.Errorf("start idpsim: %w", err)
	}
	castSrv.Config.Handler = cast.Handler()
	idpSrv.Config.Handler = sim.Handler()
	castSrv.Start()
	idpSrv.Start()

	return &space{
		idp:       &idpClient{baseURL: idpURL, token: adminToken, hc: e.hc},
		scim:      &scimspec.Client{BaseURL: castURL + "/scim/v2", Token: scimToken, HTTP: e.hc},
		scimURL:   castURL + "/scim/v2",
		scimToken: scimToken,
		console:   &consoleClient{baseURL: castURL, apiKey: apiKey, orgID: castai.DefaultOrgID, hc: e.hc},
		ssoOkta:   oktaBlock{OktaDomain: idpURL, ClientID: "castsim-own", ClientSecret: newSecret()},
		close: func() {
			_ = sim.Close()
			idpSrv.Close()
			castSrv.Close()
		},
	}, nil
}

func (e *embeddedEnv) close() {}

// startLocalIDP starts one in-process idpsim for a run against a shared
// target that names no running idpsim. It runs in real time: the target is
// real, and so are its Retry-After answers.
func startLocalIDP(logger *slog.Logger, hc *http.Client) (*idpClient, func(), error) {
	srv := httptest.NewUnstartedServer(nil)
	base := "http://" + srv.Listener.Addr().String()
	token := newSecret()
	sim, err := okta.New(okta.Config{PublicURL: base, AdminToken: token, Logger: logger})
	if err != nil {
		srv.Close()
		return nil, nil, fmt.Errorf("start idpsim: %w", err)
	}
	srv.Config.Handler = sim.Handler()
	srv.Start()
	stop := func() {
		_ = sim.Close()
		srv.Close()
	}
	return &idpClient{baseURL: base, token: token, hc: hc}, stop, nil
}
