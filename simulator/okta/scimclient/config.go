package scimclient

import (
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Auth schemes of an Okta provisioning connection.
const (
	AuthToken  = "TOKEN"  // Authorization: Bearer <token>
	AuthHeader = "HEADER" // Authorization: <token>, the raw value
	AuthBasic  = "BASIC"  // Authorization: Basic base64(username:password)
)

// Client profiles (OKTA-WIRE.md, "Two client profiles").
const (
	ProfileOIN = "oin" // catalog apps: PATCH for (de)activation, rename and members
	ProfileAIW = "aiw" // App Integration Wizard apps: GET then PUT for everything
)

// Filter encodings of the lookup query (OKTA-WIRE.md, Users step 2).
const (
	FilterPct20 = "pct20" // spaces as %20, the documented form
	FilterPlus  = "plus"  // spaces as +, seen in an older capture
)

// Push Now shapes (OKTA-WIRE.md, Group Push step 3).
const (
	PushNowPath     = "path"     // {"op":"replace","path":"members","value":[…]}
	PushNowPathless = "pathless" // {"op":"replace","value":{"members":[…]}}
)

// Defaults and limits.
const (
	DefaultRequestTimeout = 60 * time.Second // Okta's socket timeout; never scaled
	DefaultBatchSize      = 100
	MinBatchSize          = 100
	MaxBatchSize          = 1000
	DefaultJournalSize    = 10000
)

// Target is where and how requests go: the app's provisioning connection.
type Target struct {
	BaseURL       string // e.g. "http://127.0.0.1:8081/scim/v2"
	AuthScheme    string // AuthToken (default), AuthHeader or AuthBasic
	Token         string // bearer token or raw header value
	Username      string // for AuthBasic
	Password      string // for AuthBasic
	SkipTLSVerify bool   // accept any certificate (self-signed development targets)
}

// Settings are the app settings that choose between Okta's request shapes.
// Empty values take the documented defaults.
type Settings struct {
	Profile        string // ProfileOIN (default) or ProfileAIW
	FilterEncoding string // FilterPct20 (default) or FilterPlus
	PushNowShape   string // PushNowPath (default) or PushNowPathless
	BatchSize      int    // changes per membership PATCH, 100..1000, default 100
}

// Config configures one Client: one app's connection to its target.
type Config struct {
	Target
	Settings

	// RootCAs verifies HTTPS targets; nil means the system roots. See
	// LoadRootCAs for the system roots plus a CA file.
	RootCAs *x509.CertPool
	// RequestTimeout bounds each attempt; default 60s. TimeScale does not
	// apply to it.
	RequestTimeout time.Duration
	// TimeScale multiplies every Retry-After wait; 0 means 1.
	TimeScale float64
	// Clock times the retry waits and injected latency; nil means real time.
	Clock Clock
	// Journal records every exchange; nil records nothing.
	Journal *Journal
	// Faults injects outbound faults; nil injects none.
	Faults *Faults
	// Transport is the base round tripper; nil means a clone of
	// http.DefaultTransport with the TLS settings above.
	Transport http.RoundTripper
	// Logger receives one debug line per exchange and a warning per retry.
	Logger *slog.Logger
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if u, err := url.Parse(c.BaseURL); err != nil || u.Host == "" ||
		(u.Scheme != "http" && u.Scheme != "https") {
		errs = append(errs, fmt.Errorf("base URL %q: want an absolute http or https URL", c.BaseURL))
	}
	switch strings.ToUpper(c.AuthScheme) {
	case "", AuthToken, AuthHeader:
	case AuthBasic:
		if c.Username == "" {
			errs = append(errs, errors.New("auth scheme BASIC: username is empty"))
		}
	default:
		errs = append(errs, fmt.Errorf("auth scheme %q: want TOKEN, HEADER or BASIC", c.AuthScheme))
	}
	if _, ok := profiles[strings.ToLower(c.Profile)]; !ok && c.Profile != "" {
		errs = append(errs, fmt.Errorf("client profile %q: want oin or aiw", c.Profile))
	}
	switch c.FilterEncoding {
	case "", FilterPct20, FilterPlus:
	default:
		errs = append(errs, fmt.Errorf("filter encoding %q: want pct20 or plus", c.FilterEncoding))
	}
	switch c.PushNowShape {
	case "", PushNowPath, PushNowPathless:
	default:
		errs = append(errs, fmt.Errorf("push now shape %q: want path or pathless", c.PushNowShape))
	}
	if c.BatchSize != 0 && (c.BatchSize < MinBatchSize || c.BatchSize > MaxBatchSize) {
		errs = append(errs, fmt.Errorf("batch size %d: want %d..%d",
			c.BatchSize, MinBatchSize, MaxBatchSize))
	}
	if c.RequestTimeout < 0 {
		errs = append(errs, fmt.Errorf("request timeout %s: must not be negative", c.RequestTimeout))
	}
	if c.TimeScale < 0 {
		errs = append(errs, fmt.Errorf("time scale %g: must not be negative", c.TimeScale))
	}
	return errors.Join(errs...)
}

// withDefaults returns c with every empty setting at its default.
func (c Config) withDefaults() Config {
	c.AuthScheme = strings.ToUpper(c.AuthScheme)
	if c.AuthScheme == "" {
		c.AuthScheme = AuthToken
	}
	c.Profile = strings.ToLower(c.Profile)
	if c.Profile == "" {
		c.Profile = ProfileOIN
	}
	if c.FilterEncoding == "" {
		c.FilterEncoding = FilterPct20
	}
	if c.PushNowShape == "" {
		c.PushNowShape = PushNowPath
	}
	if c.BatchSize == 0 {
		c.BatchSize = DefaultBatchSize
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.TimeScale == 0 {
		c.TimeScale = 1
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	c.BaseURL = strings.TrimRight(c.BaseURL, "/")
	return c
}
