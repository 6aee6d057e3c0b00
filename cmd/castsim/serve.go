package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"

	"github.com/idpsim/idpsim/internal/serve"
	"github.com/idpsim/idpsim/simulator/castai"
	"github.com/idpsim/idpsim/simulator/castai/console"
)

// defaultAddr is where castsim listens and its healthcheck probes by default.
const defaultAddr = "127.0.0.1:8081"

// run starts castsim and serves until ctx ends. ready, when set, receives the
// bound address once the server accepts connections.
func run(ctx context.Context, args []string, getenv func(string) string, stderr io.Writer,
	ready func(addr string),
) error {
	parse := func() (options, error) { return parseFlags(args, getenv, stderr) }
	return serve.Start(parse, stderr, func(o options, ln net.Listener, logger *slog.Logger) error {
		cs, err := newServer(o, ln.Addr().String(), logger)
		if err != nil {
			return err
		}
		return serve.Server{
			Name: "castsim", Handler: cs.Handler(), Flags: o.Flags,
			Timeouts: serve.DefaultTimeouts(), Logger: logger, Ready: ready,
			ListenAttrs: []any{
				"org_id", o.orgID, "scim_connection", o.scimToken != "",
				"console_api", o.apiKey != "", "defects", o.defects,
			},
		}.Run(ctx, ln)
	})
}

// newServer builds castsim from the options. Secrets are never logged.
func newServer(o options, boundAddr string, logger *slog.Logger) (*castai.Server, error) {
	publicURL := o.publicURL
	if publicURL == "" {
		publicURL = o.Scheme() + "://" + boundAddr
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
	return serve.Healthcheck(ctx, "castsim", defaultAddr, envTwins(getenv), args, stderr)
}
