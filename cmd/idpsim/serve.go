package main

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"strings"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/console"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// Server timeouts. Writes allow a long /_sim/wait.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 10 * time.Minute
	idleTimeout       = 2 * time.Minute
	shutdownTimeout   = 10 * time.Second
	healthTimeout     = 3 * time.Second
)

// run starts idpsim and serves until ctx ends. ready, when set, receives the
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
	sim, err := newSim(o, ln.Addr().String(), logger)
	if err != nil {
		return err
	}
	defer sim.Close()

	srv := &http.Server{
		Handler: sim.Handler(), ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout: readTimeout, WriteTimeout: writeTimeout, IdleTimeout: idleTimeout,
		ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- serve(srv, ln, o) }()
	logger.Info("idpsim listening", "addr", ln.Addr().String(), "scheme", o.scheme())
	if ready != nil {
		ready(ln.Addr().String())
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("idpsim shutting down")
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

// newSim builds the simulator from the options and loads the fixture.
func newSim(o options, boundAddr string, logger *slog.Logger) (*okta.Sim, error) {
	publicURL := o.publicURL
	if publicURL == "" {
		publicURL = o.scheme() + "://" + loopbackIfUnspecified(boundAddr)
	}
	cfg := okta.Config{
		PublicURL: publicURL, AdminToken: o.adminToken, TimeScale: o.timeScale,
		PushDelay: o.pushDelay, RequestTimeout: o.requestTimeout, Workers: o.workers,
		JournalSize: o.journalSize, Logger: logger,
	}
	if o.caFile != "" {
		pool, err := scimclient.LoadRootCAs(o.caFile)
		if err != nil {
			return nil, fmt.Errorf("load --ca-file: %w", err)
		}
		cfg.RootCAs = pool
	}
	if o.oidcKey != "" {
		key, err := loadSigningKey(o.oidcKey)
		if err != nil {
			return nil, err
		}
		cfg.OIDCSigningKey = key
	}
	sim, err := okta.New(cfg)
	if err != nil {
		return nil, err
	}
	err = console.Mount(sim, console.Config{
		AdminToken: o.adminToken, Secure: strings.HasPrefix(publicURL, "https://"), Logger: logger,
	})
	if err != nil {
		_ = sim.Close()
		return nil, fmt.Errorf("mount the admin console: %w", err)
	}
	if o.fixture == "" {
		return sim, nil
	}
	doc, err := fixtures.LoadFile(o.fixture)
	if err == nil {
		err = sim.LoadFixture(doc)
	}
	if err != nil {
		_ = sim.Close()
		return nil, fmt.Errorf("load --fixture: %w", err)
	}
	logger.Info("fixture loaded", "path", o.fixture, "users", len(doc.Users),
		"groups", len(doc.Groups), "apps", len(doc.Apps))
	return sim, nil
}

// healthcheck GETs /healthz of the server at --addr (IDPSIM_ADDR) and fails
// unless it answers 200.
func healthcheck(ctx context.Context, args []string, getenv func(string) string,
	stderr io.Writer,
) error {
	fs := flag.NewFlagSet("idpsim healthcheck", flag.ContinueOnError)
	fs.SetOutput(stderr)
	def := getenv(envName("addr"))
	if def == "" {
		def = "127.0.0.1:8080"
	}
	addr := fs.String("addr", def, "address of the running idpsim")
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
	url := scheme + "://" + loopbackIfUnspecified(*addr) + "/healthz"
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

// loadSigningKey reads a PEM RSA private key in PKCS#1 or PKCS#8 form.
func loadSigningKey(path string) (*rsa.PrivateKey, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read --oidc-signing-key: %w", err)
	}
	block, _ := pem.Decode(data)
	if block == nil {
		return nil, fmt.Errorf("read --oidc-signing-key %s: no PEM block", path)
	}
	if key, err := x509.ParsePKCS1PrivateKey(block.Bytes); err == nil {
		return key, nil
	}
	parsed, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse --oidc-signing-key %s: %w", path, err)
	}
	key, ok := parsed.(*rsa.PrivateKey)
	if !ok {
		return nil, fmt.Errorf("parse --oidc-signing-key %s: not an RSA key", path)
	}
	return key, nil
}

// loopbackIfUnspecified turns a wildcard listen address (0.0.0.0:8080,
// [::]:8080) into the loopback one, which is what a local client can reach.
// Containers set --public-url instead.
func loopbackIfUnspecified(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		return net.JoinHostPort("127.0.0.1", port)
	}
	return addr
}
