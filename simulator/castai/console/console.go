package console

import (
	"embed"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"github.com/gin-gonic/gin"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/webui"
)

// Prefix is the path the console is served under.
const Prefix = "/console"

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static/*
var staticFS embed.FS

// Config configures the console.
type Config struct {
	// API is castsim's HTTP handler; the pages call its /v1 routes in-process.
	API http.Handler
	// Secure marks the cookies for HTTPS only (set when castsim is served
	// over https).
	Secure bool
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.API == nil {
		errs = append(errs, errors.New("api handler is required"))
	}
	return errors.Join(errs...)
}

// Console serves castsim's console pages.
type Console struct {
	api      http.Handler
	cfg      Config
	log      *slog.Logger
	site     *webui.Site
	sessions *webui.Sessions[string] // key sessions: the owner API key of each
}

// New returns the console's handler. Its routes live under Prefix.
func New(cfg Config) (http.Handler, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure castsim console: %w", err)
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	site, err := webui.New(webui.Config{
		Prefix: Prefix, Templates: templateFS, Static: staticFS, Funcs: funcs,
		CSRFCookie: "castsim_csrf", FlashCookie: "castsim_flash", Secure: cfg.Secure,
		Logger: cfg.Logger, Page: pageFor,
	})
	if err != nil {
		return nil, err
	}
	con := &Console{
		api: cfg.API, cfg: cfg, log: cfg.Logger, site: site,
		sessions: webui.NewSessions[string](sessionCookie, Prefix, cfg.Secure, sessionTTL),
	}
	return site.Router(con.register), nil
}

// Mount builds the console for srv and serves it under /console on srv's
// own handler. cfg.API is set to srv's handler.
func Mount(srv *castai.Server, cfg Config) error {
	cfg.API = srv.Handler()
	h, err := New(cfg)
	if err != nil {
		return err
	}
	srv.MountConsole(h)
	return nil
}

func (con *Console) register(pages *gin.RouterGroup) {
	con.registerSignInRoutes(pages)
	authed := pages.Group("", con.requireSignIn)
	authed.GET("/", func(c *gin.Context) { c.Redirect(http.StatusSeeOther, Prefix+"/sso") })
	con.registerSSORoutes(authed)
	con.registerUserRoutes(authed)
	con.registerGroupRoutes(authed)
}

// failPage renders the error of an API call as a page.
func (con *Console) failPage(c *gin.Context, err error) {
	status := http.StatusInternalServerError
	var ae *apiError
	if errors.As(err, &ae) {
		status = ae.Status
	}
	con.site.ErrorPage(c, status, err.Error())
}
