package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/idpsim/idpsim/internal/serve"
	"github.com/idpsim/idpsim/simulator/castai"
)

// options are the command-line settings of castsim.
type options struct {
	serve.Flags
	publicURL       string
	scimToken       string
	ssoOktaDomain   string
	ssoClientID     string
	ssoClientSecret string
	ssoBackchannel  string
	apiKey          string
	orgID           string
	defects         []string
}

// envTwins reads the environment twin of a flag: --scim-token → CASTSIM_SCIM_TOKEN.
func envTwins(getenv func(string) string) serve.Env {
	return serve.Env{Prefix: "CASTSIM_", Getenv: getenv}
}

// defectList is the repeatable --defect flag. Its environment twin holds a
// comma-separated list; flags given on the command line replace it.
type defectList struct {
	names   *[]string
	fromEnv bool
}

func (d defectList) String() string {
	if d.names == nil {
		return ""
	}
	return strings.Join(*d.names, ",")
}

func (d *defectList) Set(v string) error {
	if d.fromEnv {
		*d.names, d.fromEnv = nil, false
	}
	for _, n := range strings.Split(v, ",") {
		if n = strings.TrimSpace(n); n != "" {
			*d.names = append(*d.names, n)
		}
	}
	return nil
}

const usageHead = `Usage: castsim [flags]
       castsim healthcheck [--addr ADDR] [--tls]

A Cast AI-style service: SCIM 2.0 under /scim/v2, console API under /v1.
Every flag has an environment twin: --scim-token is CASTSIM_SCIM_TOKEN,
--defect is CASTSIM_DEFECT (comma-separated).

With --scim-token set, an Okta SSO connection with sync on and that token is
pre-created, so Okta can push at once. Without it no connection exists: create
one and turn sync on through the console API. With --api-key empty the console
API accepts only SSO sessions; the SCIM API works either way.

SSO sign-in: browsers start at /v1/auth/login and come back to
<public-url>/v1/auth/callback, the redirect URI to register at the IdP.

`

// parseFlags reads args; every flag defaults to its environment twin, then
// to the built-in default.
func parseFlags(args []string, getenv func(string) string, out io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("castsim", flag.ContinueOnError)
	fs.SetOutput(out)
	twins := envTwins(getenv)
	env := twins.Get

	o.Register(fs, twins, defaultAddr, "debug (one line per SCIM request), info, warn or error")
	fs.StringVar(&o.publicURL, "public-url", env("public-url", ""),
		"base URL clients see (meta.location, $ref, redirects); default from --addr")
	fs.StringVar(&o.scimToken, "scim-token", "",
		"pre-create an Okta SSO connection with sync on and this SCIM bearer token (8+ characters)")
	fs.StringVar(&o.ssoOktaDomain, "sso-okta-domain", env("sso-okta-domain", ""),
		"oktaDomain of the pre-created connection (the fake Okta's URL)")
	fs.StringVar(&o.ssoClientID, "sso-client-id", env("sso-client-id", ""),
		"clientId of the pre-created connection")
	fs.StringVar(&o.ssoClientSecret, "sso-client-secret", "",
		"clientSecret of the pre-created connection")
	fs.StringVar(&o.ssoBackchannel, "sso-backchannel-url", env("sso-backchannel-url", ""),
		"base URL castsim calls for the IdP's discovery, token and keys when it reaches the IdP\n"+
			"at another address than browsers do (containers); ID tokens are still checked\n"+
			"against the public issuer (oktaDomain)")
	fs.StringVar(&o.apiKey, "api-key", "",
		"owner key accepted in X-API-Key by the console API (empty: SSO sessions only)")
	fs.StringVar(&o.orgID, "org-id", env("org-id", castai.DefaultOrgID), "organization id")
	dl := &defectList{names: &o.defects, fromEnv: true}
	_ = dl.Set(env("defect", ""))
	dl.fromEnv = true
	fs.Var(dl, "defect", "switch on a defect mode (repeatable; see below)")
	fs.Usage = func() { usage(fs, out) }

	if err := fs.Parse(args); err != nil {
		return o, err
	}
	// Secrets take their environment twin only after parsing, so that
	// --help never prints them as defaults.
	set := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { set[f.Name] = true })
	for name, dst := range map[string]*string{
		"scim-token":        &o.scimToken,
		"sso-client-secret": &o.ssoClientSecret, "api-key": &o.apiKey,
	} {
		if !set[name] {
			*dst = getenv(twins.Name(name))
		}
	}
	var errs []error
	if fs.NArg() > 0 {
		errs = append(errs, fmt.Errorf("unexpected arguments %q", fs.Args()))
	}
	if strings.TrimSpace(o.orgID) == "" {
		errs = append(errs, errors.New("--org-id (or CASTSIM_ORG_ID) must not be empty"))
	}
	if o.scimToken == "" && (o.ssoOktaDomain != "" || o.ssoClientID != "" || o.ssoClientSecret != "") {
		errs = append(errs, errors.New("--sso-okta-domain, --sso-client-id and --sso-client-secret "+
			"describe the connection --scim-token pre-creates: set --scim-token too, or create the "+
			"connection through the console API"))
	}
	return o, errors.Join(append(errs, o.Validate())...)
}

func usage(fs *flag.FlagSet, out io.Writer) {
	fmt.Fprint(out, usageHead)
	fs.PrintDefaults()
	fmt.Fprintln(out, "\nDefect modes (each breaks one documented promise on purpose):")
	for _, d := range castai.Defects() {
		fmt.Fprintf(out, "  %-34s %s\n", d.Name, d.Description)
	}
}
