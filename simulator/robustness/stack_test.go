package robustness

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/idpsim/idpsim/internal/testlog"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/okta"
)

// waitTimeout bounds every wait for idpsim's push engine in these tests.
const waitTimeout = 2 * time.Minute

// stack is a castsim and an idpsim served on loopback test servers, with
// known secrets and one log buffer both servers write to at debug level.
type stack struct {
	cast    *castai.Server
	castURL string
	sim     *okta.Sim
	idpURL  string

	scimToken    string
	apiKey       string
	adminToken   string
	clientSecret string

	logs *testlog.Buffer
	hc   *http.Client
}

type stackOptions struct {
	workers     int // idpsim push workers per app; 0 keeps the default
	journalSize int // idpsim journal bound; 0 keeps the default
}

// newStack starts both servers and stops them when the test ends.
func newStack(t *testing.T, opts stackOptions) *stack {
	t.Helper()
	castSrv, idpSrv := httptest.NewUnstartedServer(nil), httptest.NewUnstartedServer(nil)
	st := &stack{
		castURL:      "http://" + castSrv.Listener.Addr().String(),
		idpURL:       "http://" + idpSrv.Listener.Addr().String(),
		scimToken:    secret("scim"),
		apiKey:       secret("key"),
		adminToken:   secret("ssws"),
		clientSecret: secret("client"),
		logs:         &testlog.Buffer{},
		hc:           &http.Client{Timeout: time.Minute, CheckRedirect: noRedirects},
	}
	logger := slog.New(slog.NewJSONHandler(st.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))

	cast, err := castai.New(castai.Config{
		PublicURL: st.castURL, APIKey: st.apiKey, SCIMToken: st.scimToken,
		SSO: castai.OktaSSO{
			Domain: st.idpURL, ClientID: "castsim", ClientSecret: st.clientSecret,
		},
		Logger: logger.With("server", "castsim"),
	})
	if err != nil {
		t.Fatalf("start castsim: %v", err)
	}
	sim, err := okta.New(okta.Config{
		PublicURL: st.idpURL, AdminToken: st.adminToken, TimeScale: 0.001,
		Workers: opts.workers, JournalSize: opts.journalSize,
		Logger: logger.With("server", "idpsim"),
	})
	if err != nil {
		t.Fatalf("start idpsim: %v", err)
	}
	st.cast, st.sim = cast, sim
	castSrv.Config.Handler = cast.Handler()
	idpSrv.Config.Handler = sim.Handler()
	castSrv.Start()
	idpSrv.Start()
	t.Cleanup(func() {
		_ = sim.Close()
		idpSrv.Close()
		castSrv.Close()
	})
	return st
}

// noRedirects makes a client hand back redirects: they are answers to check,
// not to follow.
func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// secret returns a random secret that names what it is, so that a leak in a
// log line says which secret leaked.
func secret(kind string) string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	return kind + "-" + hex.EncodeToString(b[:])
}

// wait blocks until idpsim's push engine is idle.
func (st *stack) wait(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), waitTimeout)
	defer cancel()
	if err := st.sim.Wait(ctx, ""); err != nil {
		t.Fatalf("wait for idpsim to be idle: %v (pending %v)", err, st.sim.Pending(""))
	}
}

// reply is one HTTP answer.
type reply struct {
	status int
	header http.Header
	body   []byte
}

func (r reply) String() string {
	b := string(r.body)
	if len(b) > 300 {
		b = b[:300] + "…"
	}
	return http.StatusText(r.status) + " " + b
}

// send performs one request and fails the test when it cannot. header
// values are sent as given; a nil body sends none.
func (st *stack) send(t *testing.T, method, url string, header http.Header, body []byte) reply {
	t.Helper()
	r, err := st.do(method, url, header, body)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// do performs one request; it is safe on any goroutine.
func (st *stack) do(method, url string, header http.Header, body []byte) (reply, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, url, rd)
	if err != nil {
		return reply{}, fmt.Errorf("build %s %s: %w", method, url, err)
	}
	for k, vs := range header {
		req.Header[k] = vs
	}
	resp, err := st.hc.Do(req)
	if err != nil {
		return reply{}, fmt.Errorf("%s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return reply{}, fmt.Errorf("read %s %s: %w", method, url, err)
	}
	return reply{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// scim sends a SCIM request with the bearer token.
func (st *stack) scim(t *testing.T, method, path string, body any) reply {
	t.Helper()
	h := http.Header{"Authorization": {"Bearer " + st.scimToken}}
	h = withJSON(h, body, "application/scim+json")
	return st.send(t, method, st.castURL+"/scim/v2"+path, h, encode(t, body))
}

// console sends a castsim console request with the API key.
func (st *stack) console(t *testing.T, method, path string, body any) reply {
	t.Helper()
	h := http.Header{"X-Api-Key": {st.apiKey}}
	h = withJSON(h, body, "application/json")
	return st.send(t, method, st.castURL+path, h, encode(t, body))
}

// okta sends an idpsim admin or control request with the SSWS token.
func (st *stack) okta(t *testing.T, method, path string, body any) reply {
	t.Helper()
	h := http.Header{"Authorization": {"SSWS " + st.adminToken}}
	h = withJSON(h, body, "application/json")
	return st.send(t, method, st.idpURL+path, h, encode(t, body))
}

func withJSON(h http.Header, body any, contentType string) http.Header {
	if body != nil {
		h.Set("Content-Type", contentType)
	}
	h.Set("Accept", "application/json")
	return h
}

func encode(t *testing.T, body any) []byte {
	t.Helper()
	switch b := body.(type) {
	case nil:
		return nil
	case []byte:
		return b
	case string:
		return []byte(b)
	}
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatalf("encode body: %v", err)
	}
	return data
}

// decode reads a JSON answer into v, failing the test on any other status.
func decode(t *testing.T, r reply, want int, v any) {
	t.Helper()
	if r.status != want {
		t.Fatalf("status %d, want %d: %s", r.status, want, r)
	}
	if v == nil {
		return
	}
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r, err)
	}
}
