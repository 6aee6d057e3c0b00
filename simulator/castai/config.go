package castai

import (
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"time"
)

// Defaults for Config fields left zero.
const (
	DefaultOrgID     = "5b2a4c1e-7d3f-4e8a-9c61-0f2d8b7a4e15"
	DefaultPublicURL = "http://127.0.0.1:8081"
	// MaxBodyBytes is the largest request body read; larger ones get 413.
	MaxBodyBytes = 1 << 20
	// DefaultSessionTTL is how long a console session lives at most.
	DefaultSessionTTL = 12 * time.Hour
)

// OktaSSO is the okta block of the SSO connection that Config.SCIMToken
// pre-creates.
type OktaSSO struct {
	Domain       string
	ClientID     string
	ClientSecret string
}

// Config configures a Server. Only PublicURL needs care; the rest have
// defaults or may stay empty.
type Config struct {
	// PublicURL is the base URL clients see, used in meta.location and $ref.
	PublicURL string
	// OrgID is the id of the one organization; DefaultOrgID when empty.
	OrgID string
	// APIKey is the owner key accepted in X-API-Key. Empty: the console API
	// refuses key authentication.
	APIKey string
	// SCIMToken, when set, pre-creates an Okta SSO connection with sync on and
	// this SCIM bearer token, so that tests and demos need no set-up calls.
	SCIMToken string
	// SSO is the okta block of that pre-created connection.
	SSO OktaSSO
	// Defects names the defect modes to switch on (see Defects).
	Defects []string
	// Logger receives the server's logs; discarded when nil.
	Logger *slog.Logger
	// Now tells the time; time.Now when nil.
	Now func() time.Time
	// SSOBackchannelURL, when set, is the base URL castsim calls for the
	// IdP's discovery, token and keys endpoints instead of the issuer's own
	// address (containers reach the IdP at another address than browsers
	// do). ID tokens are still checked against the public issuer.
	SSOBackchannelURL string
	// SessionTTL bounds a console session opened by SSO sign-in;
	// DefaultSessionTTL when zero.
	SessionTTL time.Duration
}

// Validate reports every problem of the config at once.
func (c Config) Validate() error {
	var errs []error
	if c.PublicURL != "" {
		u, err := url.Parse(c.PublicURL)
		switch {
		case err != nil:
			errs = append(errs, fmt.Errorf("public url: %w", err))
		case u.Scheme != "http" && u.Scheme != "https", u.Host == "":
			errs = append(errs, fmt.Errorf("public url %q: want http(s)://host[:port]", c.PublicURL))
		}
	}
	if c.SSOBackchannelURL != "" {
		u, err := url.Parse(c.SSOBackchannelURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			errs = append(errs, fmt.Errorf("sso back-channel url %q: want http(s)://host[:port]",
				c.SSOBackchannelURL))
		}
	}
	if c.SessionTTL < 0 {
		errs = append(errs, errors.New("session ttl: must not be negative"))
	}
	if c.OrgID != "" && strings.ContainsAny(c.OrgID, "/?# ") {
		errs = append(errs, fmt.Errorf("org id %q: must be a plain path segment", c.OrgID))
	}
	for _, name := range c.Defects {
		if _, ok := lookupDefect(name); !ok {
			errs = append(errs, fmt.Errorf("defect %q: unknown (known: %s)", name, defectNames()))
		}
	}
	if c.SCIMToken != "" && len(c.SCIMToken) < 8 {
		errs = append(errs, errors.New("scim token: use at least 8 characters"))
	}
	return errors.Join(errs...)
}

func (c Config) withDefaults() Config {
	if c.PublicURL == "" {
		c.PublicURL = DefaultPublicURL
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if c.OrgID == "" {
		c.OrgID = DefaultOrgID
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.Now == nil {
		c.Now = time.Now
	}
	if c.SessionTTL == 0 {
		c.SessionTTL = DefaultSessionTTL
	}
	c.SSOBackchannelURL = strings.TrimRight(c.SSOBackchannelURL, "/")
	return c
}
