package oidc

import (
	"fmt"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"
)

// Provider is the org authorization server. Create it with New and mount it
// with Register (or serve Handler on its own).
type Provider struct {
	cfg   Config
	dir   Directory
	keys  *keySet
	store *store
	// secureCookies is set for https issuers.
	secureCookies bool
}

// New validates cfg, fills in defaults and loads or generates the signing
// key.
func New(cfg Config) (*Provider, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("validate oidc config: %w", err)
	}
	cfg = cfg.withDefaults()
	keys, err := newKeySet(cfg.SigningKey)
	if err != nil {
		return nil, fmt.Errorf("create oidc provider: %w", err)
	}
	return &Provider{
		cfg:           cfg,
		dir:           cfg.Directory,
		keys:          keys,
		store:         newStore(),
		secureCookies: strings.HasPrefix(cfg.Issuer, "https://"),
	}, nil
}

// Register mounts /.well-known/openid-configuration and /oauth2/v1/* on r,
// behind a recovery that answers a panic with server_error.
func (p *Provider) Register(r gin.IRouter) {
	g := r.Group("", p.recovery)
	p.registerDiscoveryRoutes(g)
	p.registerAuthorizeRoutes(g)
	p.registerSignInRoutes(g)
	p.registerTokenRoutes(g)
	p.registerUserInfoRoutes(g)
	p.registerRevokeRoutes(g)
	p.registerIntrospectRoutes(g)
	p.registerLogoutRoutes(g)
}

// Handler serves the provider alone, for tests and standalone use.
func (p *Provider) Handler() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	e := gin.New()
	p.Register(e)
	return e
}

// Reset drops every session, pending sign-in, code and token. The signing
// key stays, so relying parties keep their cached JWKS.
func (p *Provider) Reset() {
	p.store.reset()
}

// EndUserSessions ends the user's Okta sessions and revokes every code and
// token issued to them, as Okta does on deactivation and suspension.
func (p *Provider) EndUserSessions(userID string) {
	sessions, tokens := p.store.endUser(userID)
	p.cfg.Logger.Info("oidc user sessions ended",
		"user_id", userID, "sessions", sessions, "tokens", tokens)
}

// endpoint returns the absolute URL of a provider path.
func (p *Provider) endpoint(path string) string {
	return p.cfg.Issuer + path
}

// recovery renders a panic as an RFC 6749 server_error instead of dropping
// the connection.
func (p *Provider) recovery(c *gin.Context) {
	defer func() {
		rec := recover()
		if rec == nil {
			return
		}
		if rec == http.ErrAbortHandler { //nolint:errorlint // sentinel compared as panic value
			panic(rec)
		}
		p.cfg.Logger.Error("oidc handler panic", "path", c.FullPath(), "panic", fmt.Sprint(rec))
		c.Abort()
		renderJSONError(c, fmt.Errorf("panic: %v", rec))
	}()
	c.Next()
}
