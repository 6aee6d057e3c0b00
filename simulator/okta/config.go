package okta

import (
	"crypto/rsa"
	"crypto/x509"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultRequestTimeout = 60 * time.Second
	DefaultWorkers        = 4
	DefaultJournalSize    = 2000
	DefaultPublicURL      = "http://127.0.0.1:8080"
)

// Clock tells the time and sleeps. The push engine and the wire layer take it
// so that retry-schedule tests can run on an injected clock.
type Clock interface {
	Now() time.Time
	// After returns a channel that receives once d has passed.
	After(d time.Duration) <-chan time.Time
}

type realClock struct{}

func (realClock) Now() time.Time                         { return time.Now() }
func (realClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Config configures a Sim. The zero value of every field but AdminToken has a
// usable default.
type Config struct {
	// PublicURL is the org URL clients see, e.g. "http://127.0.0.1:8080".
	PublicURL string
	// AdminToken is the SSWS token that /api/v1 and /_sim require.
	AdminToken string
	// TimeScale multiplies every wait and delay (1 is real time; tests use
	// 0.001). The request timeout is not scaled.
	TimeScale float64
	// PushDelay is an optional delay before each push runs, imitating Okta's
	// "typically up to a few minutes" in demos. It is scaled by TimeScale.
	PushDelay time.Duration
	// RequestTimeout bounds one SCIM request (Okta: 60 seconds).
	RequestTimeout time.Duration
	// Workers is the number of push workers per app.
	Workers int
	// RootCAs, when set, replaces the system roots for HTTPS targets.
	RootCAs *x509.CertPool
	// JournalSize bounds the in-memory journal of SCIM exchanges.
	JournalSize int
	// Logger receives structured logs; nil discards them.
	Logger *slog.Logger
	// Clock is the time source of the engine and of the OIDC provider (code,
	// token and session lifetimes); nil is the real clock.
	Clock Clock
	// Store holds the directory; nil is a fresh in-memory store.
	Store Store
	// OIDCSigningKey signs ID tokens; nil generates an RSA-2048 key.
	OIDCSigningKey *rsa.PrivateKey
}

// withDefaults returns c with every zero field set to its default.
func (c Config) withDefaults() Config {
	if c.PublicURL == "" {
		c.PublicURL = DefaultPublicURL
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.TimeScale == 0 {
		c.TimeScale = 1
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	if c.Workers == 0 {
		c.Workers = DefaultWorkers
	}
	if c.JournalSize == 0 {
		c.JournalSize = DefaultJournalSize
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Clock == nil {
		c.Clock = realClock{}
	}
	if c.Store == nil {
		c.Store = NewMemoryStore()
	}
	return c
}

// Validate reports every problem of the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if c.AdminToken == "" {
		errs = append(errs, errors.New("admin token is required"))
	}
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("public URL %q is not an http(s) URL", c.PublicURL))
		}
	}
	if c.TimeScale < 0 {
		errs = append(errs, fmt.Errorf("time scale %v is negative", c.TimeScale))
	}
	if c.PushDelay < 0 {
		errs = append(errs, fmt.Errorf("push delay %v is negative", c.PushDelay))
	}
	if c.RequestTimeout < 0 {
		errs = append(errs, fmt.Errorf("request timeout %v is negative", c.RequestTimeout))
	}
	if c.Workers < 0 {
		errs = append(errs, fmt.Errorf("workers %d is negative", c.Workers))
	}
	if c.JournalSize < 0 {
		errs = append(errs, fmt.Errorf("journal size %d is negative", c.JournalSize))
	}
	return errors.Join(errs...)
}

// scaled shrinks d by the time scale.
func (c Config) scaled(d time.Duration) time.Duration {
	return time.Duration(float64(d) * c.TimeScale)
}
