package main

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"io"
	"log/slog"
	"net"
	"os"
	"strings"
	"time"

	"github.com/idpsim/idpsim/fixtures"
	"github.com/idpsim/idpsim/internal/serve"
	"github.com/idpsim/idpsim/simulator/okta"
	"github.com/idpsim/idpsim/simulator/okta/console"
	"github.com/idpsim/idpsim/simulator/okta/scimclient"
)

// defaultAddr is where idpsim listens and its healthcheck probes by default.
const defaultAddr = "127.0.0.1:8080"

// writeTimeout allows a long /_sim/wait.
const writeTimeout = 10 * time.Minute

// run starts idpsim and serves until ctx ends. ready, when set, receives the
// bound address once the server accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer,
	ready func(addr string),
) error {
	parse := func() (options, error) { return parseFlags(args, getenv, stderr) }
	return serve.Start(parse, stderr, func(o options, ln net.Listener, logger *slog.Logger) error {
		sim, err := newSim(o, ln.Addr().String(), logger)
		if err != nil {
			return err
		}
		defer sim.Close()

		timeouts := serve.DefaultTimeouts()
		timeouts.Write = writeTimeout
		return serve.Server{
			Name: "idpsim", Handler: sim.Handler(), Flags: o.Flags,
			Timeouts: timeouts, Logger: logger, Ready: ready,
		}.Run(ctx, ln)
	})
}

// newSim builds the simulator from the options and loads the fixture.
func newSim(o options, boundAddr string, logger *slog.Logger) (*okta.Sim, error) {
	publicURL := o.publicURL
	if publicURL == "" {
		publicURL = o.Scheme() + "://" + serve.Loopback(boundAddr)
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
	return serve.Healthcheck(ctx, "idpsim", defaultAddr, envTwins(getenv), args, stderr)
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
