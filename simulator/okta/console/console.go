package console

import (
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/csrf"
	"github.com/idpsim/idpsim/simulator/okta"
)

// Prefix is the path the console is served under.
const Prefix = "/admin"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// Config configures the console.
type Config struct {
	// AdminToken is the token that signs an admin in: the Sim's SSWS token.
	AdminToken string
	// Secure marks the cookies for HTTPS only (set when the org URL is https).
	Secure bool
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.AdminToken == "" {
		errs = append(errs, errors.New("admin token is required"))
	}
	return errors.Join(errs...)
}

// Console serves the admin console pages of one Sim.
type Console struct {
	sim      *okta.Sim
	cfg      Config
	log      *slog.Logger
	sessions *sessions
	pages    map[string]*template.Template
}

// New returns the console's handler for sim. Its routes live under Prefix.
func New(sim *okta.Sim, cfg Config) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure admin console: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	pages, err := parsePages()
	if err != nil {
		return nil, fmt.Errorf("parse console templates: %w", err)
	}
	c := &Console{sim: sim, cfg: cfg, log: cfg.Logger, sessions: newSessions(), pages: pages}
	return c.routes(), nil
}

// Mount builds the console for sim and serves it under /admin on the Sim's
// own handler.
func Mount(sim *okta.Sim, cfg Config) error {
	h, err := New(sim, cfg)
	if err != nil {
		return err
	}
	sim.MountConsole(h)
	return nil
}

func (con *Console) routes() http.Handler {
	gin.SetMode(gin.ReleaseMode)
	r := gin.New()
	r.Use(con.recovery)
	static, _ := fs.Sub(staticFS, "static")
	r.StaticFS(Prefix+"/static", http.FS(static))

	pages := r.Group(Prefix, csrf.Middleware(csrf.Options{
		Cookie: "idpsim_csrf", Path: Prefix, Secure: con.cfg.Secure, Refuse: con.refuseCSRF,
	}))
	con.registerSignInRoutes(pages)
	authed := pages.Group("", con.requireSession)
	con.registerDashboardRoutes(authed)
	con.registerPeopleRoutes(authed)
	con.registerGroupRoutes(authed)
	con.registerAppRoutes(authed)
	con.registerAssignmentRoutes(authed)
	con.registerPushRoutes(authed)
	con.registerTaskRoutes(authed)
	con.registerTrafficRoutes(authed)
	r.NoRoute(func(c *gin.Context) {
		con.errorPage(c, http.StatusNotFound, "There is no page at "+c.Request.URL.Path+".")
	})
	return r
}

// recovery renders a panic as the console's error page.
func (con *Console) recovery(c *gin.Context) {
	defer func() {
		if v := recover(); v != nil {
			con.log.Error("console panic", "path", c.Request.URL.Path, "err", fmt.Sprint(v))
			con.errorPage(c, http.StatusInternalServerError, "Something went wrong.")
		}
	}()
	c.Next()
}

func (con *Console) refuseCSRF(c *gin.Context) {
	con.errorPage(c, http.StatusForbidden,
		"The form was out of date or did not come from this console. Go back, reload and retry.")
}

// errorPage renders a full page explaining what went wrong and aborts.
func (con *Console) errorPage(c *gin.Context, status int, msg string) {
	con.render(c, status, "error.html", "Error", "", gin.H{"Message": msg})
	c.Abort()
}

// summary is the text shown for an error: Okta's error summary when there is
// one.
func summary(err error) string {
	var ae *okta.APIError
	if errors.As(err, &ae) {
		s := ae.Summary
		if len(ae.Causes) > 0 {
			s += ": " + strings.Join(ae.Causes, "; ")
		}
		return s
	}
	return err.Error()
}

// statusOf is the HTTP status of an error from the Sim.
func statusOf(err error) int {
	var ae *okta.APIError
	if errors.As(err, &ae) {
		return ae.Status
	}
	return http.StatusInternalServerError
}
