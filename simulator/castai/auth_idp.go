package castai

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// idpTimeout bounds each call castsim makes to an identity provider.
const idpTimeout = 15 * time.Second

// relyingParty is castsim as an OIDC client of one SSO connection.
type relyingParty struct {
	oauth    oauth2.Config
	verifier *oidc.IDTokenVerifier
}

// idpCache keeps one discovered provider per issuer, so that discovery and
// the key set are fetched once rather than at every sign-in.
type idpCache struct {
	hc        *http.Client
	mu        sync.Mutex
	providers map[string]*oidc.Provider
}

func newIDPCache() *idpCache {
	return &idpCache{
		hc:        &http.Client{Timeout: idpTimeout},
		providers: map[string]*oidc.Provider{},
	}
}

func (c *idpCache) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.providers = map[string]*oidc.Provider{}
}

// issuer is the issuer URL an SSO connection signs in with. Okta's org
// authorization server has the org URL as issuer; a bare oktaDomain such as
// "acme.okta.com" means https.
func issuer(conn store.Connection) string {
	switch {
	case conn.Okta != nil:
		d := strings.TrimRight(conn.Okta.Domain, "/")
		if !strings.Contains(d, "://") {
			d = "https://" + d
		}
		return d
	case conn.OIDC != nil:
		return strings.TrimRight(conn.OIDC.IssuerURL, "/")
	}
	return ""
}

func clientCredentials(conn store.Connection) (id, secret string) {
	if conn.Okta != nil {
		return conn.Okta.ClientID, conn.Okta.ClientSecret
	}
	if conn.OIDC != nil {
		return conn.OIDC.ClientID, conn.OIDC.ClientSecret
	}
	return "", ""
}

// relyingParty builds the OIDC client of a connection: the provider found
// by discovery, an oauth2 config redirecting to castsim's callback, and an ID
// token verifier that checks signature, issuer, audience and expiry.
func (s *Server) relyingParty(ctx context.Context, conn store.Connection) (*relyingParty, error) {
	iss := issuer(conn)
	if iss == "" {
		return nil, fmt.Errorf("sso connection %s has no okta or oidc block", conn.ID)
	}
	p, err := s.idps.provider(ctx, iss, s.cfg.SSOBackchannelURL)
	if err != nil {
		return nil, err
	}
	id, secret := clientCredentials(conn)
	return &relyingParty{
		oauth: oauth2.Config{
			ClientID: id, ClientSecret: secret, Endpoint: p.Endpoint(),
			RedirectURL: s.callbackURL(),
			Scopes:      []string{oidc.ScopeOpenID, "profile", "email"},
		},
		verifier: p.Verifier(&oidc.Config{ClientID: id, Now: s.cfg.Now}),
	}, nil
}

// callbackURL is the redirect URI to register at the IdP.
func (s *Server) callbackURL() string { return s.cfg.PublicURL + "/v1/auth/callback" }

// provider returns the cached provider of an issuer, discovering it first if
// needed. With a back-channel base URL, discovery, token, keys and userinfo
// calls go there while the issuer is still checked against iss; browsers
// keep the public authorization endpoint.
func (c *idpCache) provider(ctx context.Context, iss, backchannel string) (*oidc.Provider, error) {
	c.mu.Lock()
	p, ok := c.providers[iss]
	c.mu.Unlock()
	if ok {
		return p, nil
	}

	// go-oidc keeps only the HTTP client from this context, not its deadline.
	ctx, cancel := context.WithTimeout(oidc.ClientContext(ctx, c.hc), idpTimeout)
	defer cancel()
	var err error
	if backchannel == "" {
		p, err = oidc.NewProvider(ctx, iss)
	} else {
		p, err = backchannelProvider(ctx, iss, backchannel)
	}
	if err != nil {
		return nil, fmt.Errorf("discover identity provider %s: %w", iss, err)
	}
	c.mu.Lock()
	c.providers[iss] = p
	c.mu.Unlock()
	return p, nil
}

// backchannelProvider discovers the provider at the back-channel address,
// requires the document to name iss as issuer, and points the server-side
// endpoints at the back channel.
func backchannelProvider(ctx context.Context, iss, backchannel string) (*oidc.Provider, error) {
	p, err := oidc.NewProvider(oidc.InsecureIssuerURLContext(ctx, iss), backchannel)
	if err != nil {
		return nil, err
	}
	var pc oidc.ProviderConfig
	if err := p.Claims(&pc); err != nil {
		return nil, fmt.Errorf("read discovery: %w", err)
	}
	if strings.TrimRight(pc.IssuerURL, "/") != iss {
		return nil, fmt.Errorf("discovery names issuer %q, want %q", pc.IssuerURL, iss)
	}
	swap := func(u string) string {
		if rest, ok := strings.CutPrefix(u, iss); ok {
			return backchannel + rest
		}
		return u
	}
	pc.TokenURL, pc.JWKSURL = swap(pc.TokenURL), swap(pc.JWKSURL)
	pc.UserInfoURL = swap(pc.UserInfoURL)
	return pc.NewProvider(ctx), nil
}
