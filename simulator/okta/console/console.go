package console

import (
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/webui"
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
	sim  *okta.Sim
	cfg  Config
	log  *slog.Logger
	site *webui.Site
	// sessions hold nothing: the admin token never leaves the sign-in
	// request.
	sessions *webui.Sessions[struct{}]
}

// New returns the console's handler for sim. Its routes live under Prefix.
func New(sim *okta.Sim, cfg Config) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure admin console: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	con := &Console{
		sim: sim, cfg: cfg, log: cfg.Logger,
		sessions: webui.NewSessions[struct{}](sessionCookie, Prefix, cfg.Secure, sessionTTL),
	}
	site, err := webui.New(webui.Config{
		Prefix: Prefix, Templates: templateFS, Static: staticFS, Funcs: funcs,
		CSRFCookie: "idpsim_csrf", FlashCookie: "idpsim_flash", Secure: cfg.Secure,
		Logger: cfg.Logger, Page: con.pageFor,
	})
	if err != nil {
		return nil, err
	}
	con.site = site
	return site.Router(con.register), nil
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

func (con *Console) register(pages *gin.RouterGroup) {
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
