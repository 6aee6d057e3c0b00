package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/idpsim/idpsim/internal/serve"
)

// options are the command-line settings of idpsim.
type options struct {
	serve.Flags
	publicURL      string
	adminToken     string
	fixture        string
	timeScale      float64
	pushDelay      time.Duration
	requestTimeout time.Duration
	caFile         string
	workers        int
	journalSize    int
	oidcKey        string
}

// envTwins reads the environment twin of a flag: --admin-token → IDPSIM_ADMIN_TOKEN.
func envTwins(getenv func(string) string) serve.Env {
	return serve.Env{Prefix: "IDPSIM_", Getenv: getenv}
}

// parseFlags reads args; every flag defaults to its environment twin, then
// to the built-in default.
func parseFlags(args []string, getenv func(string) string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("idpsim", flag.ContinueOnError)
	fs.SetOutput(out)
	twins := envTwins(getenv)
	env := twins.Get
	var errs []error
	num := func(name, def string) float64 {
		v, err := strconv.ParseFloat(env(name, def), 64)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", twins.Name(name), err))
		}
		return v
	}
	dur := func(name, def string) time.Duration {
		v, err := time.ParseDuration(env(name, def))
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", twins.Name(name), err))
		}
		return v
	}

	o.Register(fs, twins, defaultAddr, "debug, info, warn or error")
	fs.StringVar(&o.publicURL, "public-url", env("public-url", ""),
		"org URL clients see (OIDC issuer, links); default from --addr")
	fs.StringVar(&o.adminToken, "admin-token", env("admin-token", ""),
		"SSWS token of /api/v1 and /_sim (required)")
	fs.StringVar(&o.fixture, "fixture", env("fixture", ""), "fixture YAML to load at start")
	fs.Float64Var(&o.timeScale, "time-scale", num("time-scale", "1"),
		"multiplies every wait and delay, above 0 (0.001 for tests)")
	fs.DurationVar(&o.pushDelay, "push-delay", dur("push-delay", "0s"),
		"delay before each push runs, imitating Okta's lag in demos")
	fs.DurationVar(&o.requestTimeout, "request-timeout", dur("request-timeout", "60s"),
		"timeout of one SCIM request (not scaled)")
	fs.StringVar(&o.caFile, "ca-file", env("ca-file", ""),
		"PEM CA bundle trusted for HTTPS targets, on top of the system roots")
	fs.IntVar(&o.workers, "workers", int(num("workers", "4")), "push workers per app, 1 to 64")
	fs.StringVar(&o.oidcKey, "oidc-signing-key", env("oidc-signing-key", ""),
		"PEM RSA key that signs ID tokens (default: a new key per start)")
	fs.IntVar(&o.journalSize, "journal-size", int(num("journal-size", "2000")),
		"SCIM exchanges kept in the journal")
	fs.Usage = func() {
		fmt.Fprintf(out, "Usage: idpsim [flags]\n       idpsim healthcheck [--addr ADDR] [--tls]\n\n"+
			"A fake Okta that provisions SCIM apps like Okta does.\n"+
			"Every flag has an environment twin: --admin-token is IDPSIM_ADMIN_TOKEN.\n\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	return o, errors.Join(append(errs, o.validate())...)
}

func (o options) validate() error {
	var errs []error
	if o.adminToken == "" {
		errs = append(errs, errors.New("--admin-token (or IDPSIM_ADMIN_TOKEN) is required"))
	}
	if !(o.timeScale > 0) || math.IsInf(o.timeScale, 0) {
		errs = append(errs, fmt.Errorf("--time-scale %v: want a number above 0", o.timeScale))
	}
	if o.workers < 1 || o.workers > 64 {
		errs = append(errs, fmt.Errorf("--workers %d: want 1 to 64", o.workers))
	}
	if o.journalSize < 1 {
		errs = append(errs, fmt.Errorf("--journal-size %d: want at least 1", o.journalSize))
	}
	if o.pushDelay < 0 {
		errs = append(errs, fmt.Errorf("--push-delay %v: want 0 or more", o.pushDelay))
	}
	return errors.Join(append(errs, o.Validate())...)
}
