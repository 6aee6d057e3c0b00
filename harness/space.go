package harness

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/idpsim/idpsim/harness/scimspec"
)

// space is where one scenario works: the drivers it uses and the prefix of
// every name it creates.
type space struct {
	idp       *idpClient
	scim      *scimspec.Client
	scimURL   string
	scimToken string
	console   *consoleClient // nil when the target has no console API
	prefix    string         // "" in embedded mode
	shared    bool           // the target serves other scenarios too
	ssoOkta   oktaBlock      // okta block for connections a scenario creates
	close     func()
}

// environment hands out spaces, one per scenario.
type environment interface {
	open(ctx context.Context) (*space, error)
	close()
}

// newHTTPClient is the client of every driver; the timeout matches Okta's
// 60-second socket timeout so that no request hangs a scenario.
func newHTTPClient() *http.Client {
	return &http.Client{Timeout: 60 * time.Second}
}

// sharedEnv is a target (and maybe an idpsim) that every scenario shares.
type sharedEnv struct {
	cfg  Config
	hc   *http.Client
	idp  *idpClient
	stop func()
	seq  atomic.Int64
}

func (e *sharedEnv) open(context.Context) (*space, error) {
	n := e.seq.Add(1)
	prefix := fmt.Sprintf("%s-s%d-", e.cfg.RunID, n)
	sp := &space{
		idp:       e.idp,
		scim:      &scimspec.Client{BaseURL: e.cfg.TargetSCIMURL, Token: e.cfg.TargetSCIMToken, HTTP: e.hc},
		scimURL:   strings.TrimRight(e.cfg.TargetSCIMURL, "/"),
		scimToken: e.cfg.TargetSCIMToken,
		prefix:    prefix,
		shared:    true,
		ssoOkta:   oktaBlock{OktaDomain: e.idp.baseURL, ClientID: prefix + "client", ClientSecret: newSecret()},
		close:     func() {},
	}
	if e.cfg.HasConsole() {
		sp.console = &consoleClient{
			baseURL: strings.TrimRight(e.cfg.TargetConsoleURL, "/"),
			apiKey:  e.cfg.TargetAPIKey, orgID: e.cfg.TargetOrgID, hc: e.hc,
		}
	}
	return sp, nil
}

func (e *sharedEnv) close() {
	if e.stop != nil {
		e.stop()
	}
}

// newRunID returns a short id that names what one run creates.
func newRunID() string {
	var b [3]byte
	_, _ = rand.Read(b[:])
	return "cf" + hex.EncodeToString(b[:])
}

// newSecret returns a random token or secret.
func newSecret() string {
	var b [18]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// serialGate lets @serial scenarios run alone on a shared target: they take
// the gate exclusively, every other scenario takes it shared.
type serialGate struct{ mu sync.RWMutex }

func (g *serialGate) enter(serial bool) (leave func()) {
	if serial {
		g.mu.Lock()
		return g.mu.Unlock
	}
	g.mu.RLock()
	return g.mu.RUnlock
}
