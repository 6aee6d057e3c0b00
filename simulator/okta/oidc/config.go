package oidc

import (
	"crypto/rsa"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Default lifetimes, after Okta's defaults where Okta has one.
const (
	DefaultCodeTTL        = 60 * time.Second
	DefaultAccessTokenTTL = time.Hour
	DefaultIDTokenTTL     = time.Hour
	DefaultRefreshTTL     = 7 * 24 * time.Hour
	DefaultSessionTTL     = 2 * time.Hour // Okta's default session lifetime
)

// Config configures a Provider. Zero durations take the defaults above.
type Config struct {
	// Issuer is the org URL exactly as relying parties configure it, with
	// no trailing slash (go-oidc compares it byte for byte).
	Issuer    string
	Directory Directory
	// SigningKey signs ID tokens; New generates an RSA-2048 key when nil.
	SigningKey *rsa.PrivateKey
	Logger     *slog.Logger
	Now        func() time.Time

	CodeTTL        time.Duration
	AccessTokenTTL time.Duration
	IDTokenTTL     time.Duration
	RefreshTTL     time.Duration
	SessionTTL     time.Duration
}

// Validate reports every problem with the configuration at once.
func (c Config) Validate() error {
	var errs []error
	if err := validateIssuer(c.Issuer); err != nil {
		errs = append(errs, err)
	}
	if c.Directory == nil {
		errs = append(errs, errors.New("directory is required"))
	}
	if c.SigningKey != nil && c.SigningKey.N.BitLen() < 2048 {
		errs = append(errs, errors.New("signing key must be RSA with at least 2048 bits"))
	}
	ttls := []struct {
		name string
		d    time.Duration
	}{
		{"code ttl", c.CodeTTL},
		{"access token ttl", c.AccessTokenTTL},
		{"id token ttl", c.IDTokenTTL},
		{"refresh ttl", c.RefreshTTL},
		{"session ttl", c.SessionTTL},
	}
	for _, ttl := range ttls {
		if ttl.d < 0 {
			errs = append(errs, fmt.Errorf("%s must not be negative", ttl.name))
		}
	}
	return errors.Join(errs...)
}

func validateIssuer(issuer string) error {
	if issuer == "" {
		return errors.New("issuer is required")
	}
	u, err := url.Parse(issuer)
	if err != nil {
		return fmt.Errorf("parse issuer: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return fmt.Errorf("issuer %q must be an http or https URL", issuer)
	case u.Host == "":
		return fmt.Errorf("issuer %q has no host", issuer)
	case strings.HasSuffix(issuer, "/"):
		return fmt.Errorf("issuer %q must not end with a slash", issuer)
	case u.Path != "" || u.RawQuery != "" || u.Fragment != "":
		return fmt.Errorf("issuer %q must be an org URL without path, query or fragment", issuer)
	}
	return nil
}

func (c Config) withDefaults() Config {
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	orDefault := func(d *time.Duration, def time.Duration) {
		if *d == 0 {
			*d = def
		}
	}
	orDefault(&c.CodeTTL, DefaultCodeTTL)
	orDefault(&c.AccessTokenTTL, DefaultAccessTokenTTL)
	orDefault(&c.IDTokenTTL, DefaultIDTokenTTL)
	orDefault(&c.RefreshTTL, DefaultRefreshTTL)
	orDefault(&c.SessionTTL, DefaultSessionTTL)
	return c
}
