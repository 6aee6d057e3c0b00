package main

import (
	"context"
	"crypto/tls"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/castai/console"
)

// Server timeouts.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 60 * time.Second
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 10 * time.Second
	healthTimeout     = 3 * time.Second
)

// run starts castsim and serves until ctx ends. ready, when set, receives the
// bound address once the server accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer,
	ready func(addr string),
) error {
	o, err := parseFlags(args, getenv, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	level, _ := parseLevel(o.logLevel)
	logger := slog.New(slog.NewJSONHandler(stderr, &slog.HandlerOptions{Level: level}))

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", o.addr, err)
	}
	defer ln.Close()
	cs, err := newServer(o, ln.Addr().String(), logger)
	if err != nil {
		return err
	}

	srv := &http.Server{
		Handler: cs.Handler(), ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- serve(srv, ln, o) }()
	logger.Info("castsim listening", "addr", ln.Addr().String(), "scheme", o.scheme(),
		"org_id", o.orgID, "scim_connection", o.scimToken != "", "console_api", o.apiKey != "",
		"defects", o.defects)
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("castsim shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	return nil
}

func serve(srv *http.Server, ln net.Listener, o options) error {
	var err error
	if o.tlsCert != "" {
		srv.TLSConfig = &tls.Config{MinVersion: tls.VersionTLS12}
		err = srv.ServeTLS(ln, o.tlsCert, o.tlsKey)
	} else {
		err = srv.Serve(ln)
	}
	if errors.Is(err, http.ErrServerClosed) {
		return nil
	}
	return err
}

// newServer builds castsim from the options. Secrets are never logged.
func newServer(o options, boundAddr string, logger *slog.Logger) (*castai.Server, error) {
	publicURL := o.publicURL
	if publicURL == "" {
		publicURL = o.scheme() + "://" + boundAddr
	}
	if o.apiKey == "" {
		logger.Warn("console API keys disabled: no --api-key (CASTSIM_API_KEY) given; " +
			"only SSO sessions are accepted")
	}
	if o.scimToken == "" {
		logger.Info("no SSO connection pre-created: no --scim-token (CASTSIM_SCIM_TOKEN) given")
	}
	cs, err := castai.New(castai.Config{
		PublicURL: publicURL,
		OrgID:     o.orgID,
		APIKey:    o.apiKey,
		SCIMToken: o.scimToken,
		SSO: castai.OktaSSO{
			Domain: o.ssoOktaDomain, ClientID: o.ssoClientID,
			ClientSecret: o.ssoClientSecret,
		},
		SSOBackchannelURL: o.ssoBackchannel,
		Defects:           o.defects,
		Logger:            logger,
	})
	if err != nil {
		return nil, fmt.Errorf("start castsim: %w", err)
	}
	err = console.Mount(cs, console.Config{
		Secure: strings.HasPrefix(publicURL, "https://"), Logger: logger,
	})
	if err != nil {
		return nil, fmt.Errorf("mount the console: %w", err)
	}
	return cs, nil
}

// healthcheck GETs /healthz of the server at --addr (CASTSIM_ADDR) and fails
// unless it answers 200.
func healthcheck(ctx context.Context, args []string, getenv func(string) string,
	stderr io.Writer,
) error {
	fs := flag.NewFlagSet("castsim healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv(envName("addr"))
	if def == "" {
		def = "127.0.0.1:8081"
	}
	addr := fs.String("addr", def, "address of the running castsim")
	tlsOn := fs.Bool("tls", getenv(envName("tls-cert")) != "", "probe over HTTPS")
	if err := fs.Parse(args); err != nil {
		return err
	}
	scheme := "http"
	if *tlsOn {
		scheme = "https"
	}
	ctx, cancel := context.WithTimeout(ctx, healthTimeout)
	defer cancel()
	url := scheme + "://" + probeAddr(*addr) + "/healthz"
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	// The probe runs next to the server; its certificate may be self-signed.
	tr := &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}} //nolint:gosec
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: status %d", resp.StatusCode)
	}
	return nil
}

// probeAddr turns a listen address such as 0.0.0.0:8081 or :8081 (what a
// container listens on) into one a probe can dial.
func probeAddr(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	switch host {
	case "", "0.0.0.0", "::":
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
