package castai

import (
	"bytes"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai/store"
)

// Server is a running castsim: its state, configuration and HTTP handler.
type Server struct {
	cfg     Config
	log     *slog.Logger
	defects defectSet
	store   store.Store
	auth    []Authenticator
	handler http.Handler

	sessions *sessions // console sessions opened by SSO sign-in
	logins   *logins   // sign-ins waiting for the IdP's callback
	idps     *idpCache // discovered identity providers
	pages    atomic.Pointer[http.Handler]

	// lingering remembers, under the keep-access-after-group-removal defect,
	// the groups a user has left: user id -> group ids.
	mu        sync.Mutex
	lingering map[string]map[string]bool
}

// New validates cfg and returns a server in its initial state.
func New(cfg Config) (*Server, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("castsim config: %w", err)
	}
	cfg = cfg.withDefaults()
	s := &Server{
		cfg:     cfg,
		log:     cfg.Logger,
		defects: newDefectSet(cfg.Defects),

		sessions: newSessions(),
		logins:   newLogins(),
		idps:     newIDPCache(),
	}
	s.store = store.NewMemory(store.Options{
		CaseSensitiveUserNames: s.defects.on(DefectCaseSensitiveUserName),
		AllowDuplicates:        s.defects.on(DefectNoUniqueness),
		Now:                    cfg.Now,
	})
	if cfg.APIKey != "" {
		s.auth = append(s.auth, apiKeyAuth{key: cfg.APIKey})
	}
	s.auth = append(s.auth, sessionAuth{s: s})
	if err := s.seed(); err != nil {
		return nil, err
	}
	s.handler = s.routes()
	return s, nil
}

// Handler returns the HTTP handler serving SCIM, the console API and /healthz.
func (s *Server) Handler() http.Handler { return s.handler }

// Reset brings the server back to its state right after New.
func (s *Server) Reset() {
	s.store.Reset()
	s.sessions.reset()
	s.logins.reset()
	s.idps.reset()
	s.mu.Lock()
	s.lingering = nil
	s.mu.Unlock()
	if err := s.seed(); err != nil {
		s.log.Error("reset: seed state", "err", err)
	}
}

// PreSeededConnectionID is the id of the SSO connection that Config.SCIMToken
// creates.
const PreSeededConnectionID = "0f4c2a9e-3b7d-4c55-8e21-6a9d1f0b7c30"

// seed pre-creates the SSO connection of Config.SCIMToken, if any.
func (s *Server) seed() error {
	if s.cfg.SCIMToken == "" {
		return nil
	}
	conn, err := s.store.CreateConnection(store.Connection{
		ID:            PreSeededConnectionID,
		Name:          "Okta",
		DefaultRoleID: RoleViewer,
		IsSynced:      true,
		Status:        StatusActive,
		Okta: &store.OktaConfig{
			Domain:       s.cfg.SSO.Domain,
			ClientID:     s.cfg.SSO.ClientID,
			ClientSecret: s.cfg.SSO.ClientSecret,
		},
		ServiceAccountID: newServiceAccountID(),
	})
	if err != nil {
		return fmt.Errorf("seed sso connection: %w", err)
	}
	_, err = s.store.IssueToken(store.Token{
		ConnectionID: conn.ID,
		Name:         "scim-token",
		Prefix:       tokenPrefix(s.cfg.SCIMToken),
		Hash:         hashToken(s.cfg.SCIMToken),
	})
	if err != nil {
		return fmt.Errorf("seed scim token: %w", err)
	}
	return nil
}

func hashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// tokenPrefix is the part of a token shown to help tell tokens apart: a
// third of it, at most 16 characters.
func tokenPrefix(token string) string {
	return token[:min(len(token)/3, 16)]
}

func (s *Server) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(gin.CustomRecoveryWithWriter(io.Discard, s.recovered), limitBody)
	r.GET("/healthz", func(c *gin.Context) { c.JSON(http.StatusOK, gin.H{"status": "ok"}) })

	discovery := r.Group("/scim/v2", s.logSCIM)
	s.registerDiscoveryRoutes(discovery)
	api := r.Group("/scim/v2", s.logSCIM, s.authSCIM)
	s.registerUserRoutes(api)
	s.registerGroupRoutes(api)

	s.registerAuthRoutes(r.Group("/v1/auth"))
	console := r.Group("/v1", s.authConsole)
	s.registerConsoleUserRoutes(console)
	s.registerConsoleGroupRoutes(console)
	s.registerRoleRoutes(console)
	s.registerBindingRoutes(console)
	s.registerConnectionRoutes(console)
	s.registerPageRoutes(r)

	r.NoRoute(s.noRoute)
	r.NoMethod(s.noRoute)
	r.HandleMethodNotAllowed = true
	return r
}

func isSCIMPath(p string) bool { return strings.HasPrefix(p, "/scim/") }

// recovered renders a panic in the shape of the server that was asked, so no
// panic reaches a client as a bare connection reset.
func (s *Server) recovered(c *gin.Context, v any) {
	s.log.Error("handler panic", "path", c.Request.URL.Path, "panic", fmt.Sprint(v))
	if isSCIMPath(c.Request.URL.Path) {
		writeSCIMError(c, scimInternal())
		return
	}
	consoleError(c, http.StatusInternalServerError, "internal error")
}

func (s *Server) noRoute(c *gin.Context) {
	status := http.StatusNotFound
	if c.Writer.Status() == http.StatusMethodNotAllowed {
		status = http.StatusMethodNotAllowed
	}
	msg := fmt.Sprintf("no route %s %s", c.Request.Method, c.Request.URL.Path)
	if isSCIMPath(c.Request.URL.Path) {
		writeSCIMError(c, scimError(status, "", msg))
		return
	}
	consoleError(c, status, msg)
}

// limitBody caps request bodies at MaxBodyBytes.
func limitBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, MaxBodyBytes)
	}
	c.Next()
}

// errBodyTooLarge is returned by readBody for a body over MaxBodyBytes.
var errBodyTooLarge = errors.New("request body too large")

func readBody(c *gin.Context) ([]byte, error) {
	if c.Request.Body == nil {
		return nil, nil
	}
	// Sized from Content-Length when the client sent one, so a body is read
	// into one buffer instead of a doubling series of them.
	var buf bytes.Buffer
	if n := c.Request.ContentLength; n > 0 && n <= MaxBodyBytes {
		buf.Grow(int(n) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(c.Request.Body)
	body := buf.Bytes()
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errBodyTooLarge
	}
	if err != nil {
		return nil, fmt.Errorf("read body: %w", err)
	}
	return body, nil
}

// logSCIM writes one debug line per SCIM exchange.
func (s *Server) logSCIM(c *gin.Context) {
	if !s.log.Enabled(c, slog.LevelDebug) {
		c.Next()
		return
	}
	start := time.Now()
	c.Next()
	s.log.Debug("scim request",
		"method", c.Request.Method,
		"path", c.Request.URL.Path,
		"query", c.Request.URL.RawQuery,
		"status", c.Writer.Status(),
		"duration_ms", time.Since(start).Milliseconds())
}
