package scimclient

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"time"

	"github.com/idpsim/idpsim/scim"
)

// maxBody bounds how much of a response is read.
const maxBody = 8 << 20

// MaxIdleConns is how many idle connections to its target a client keeps
// for reuse: more than any number of push workers an app runs.
const MaxIdleConns = 64

// Tag names what an exchange served; it is recorded in the journal and the
// logs and lets fault rules pick their app.
type Tag struct {
	AppID   string `json:"appId,omitempty"`
	UserID  string `json:"userId,omitempty"`
	GroupID string `json:"groupId,omitempty"`
}

// Request is one SCIM request relative to the target's base URL.
type Request struct {
	Method string
	Path   string // e.g. "/Users/2819c223"
	Query  string // raw and already encoded, without "?"
	Body   any    // encoded as JSON; nil sends no body
}

// Response is the target's answer to the last attempt of a Request.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// Client speaks SCIM to one app's target the way Okta does. It is safe for
// concurrent use.
type Client struct {
	cfg     Config
	http    *http.Client
	profile Profile
}

// New returns a client for cfg, or every problem of cfg.
func New(cfg Config) (*Client, error) {
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("configure scim client: %w", err)
	}
	cfg = cfg.withDefaults()
	base := cfg.Transport
	if base == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		t.TLSClientConfig = &tls.Config{
			RootCAs:            cfg.RootCAs,
			InsecureSkipVerify: cfg.SkipTLSVerify, //nolint:gosec // per-app opt-in for dev targets
			MinVersion:         tls.VersionTLS12,
		}
		// Send only the headers this client sets: no Accept-Encoding added
		// (and no transparent gzip) by Go's transport.
		t.DisableCompression = true
		// Keep a connection per concurrent caller alive. Go's default of two
		// idle connections per host made idpsim's four push workers open a
		// new TCP connection for one request in about twelve.
		t.MaxIdleConnsPerHost = MaxIdleConns
		base = t
	}
	rt := base
	if cfg.Faults != nil {
		rt = cfg.Faults.Wrap(base, cfg.Clock)
	}
	hc := &http.Client{
		Transport: rt,
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse
		},
	}
	return &Client{cfg: cfg, http: hc, profile: profiles[cfg.Profile]}, nil
}

// CloseIdleConnections closes the connections kept alive to the target;
// call it when the app's connection changes or the simulator stops.
func (c *Client) CloseIdleConnections() { c.http.CloseIdleConnections() }

// Settings returns the effective settings, defaults filled in.
func (c *Client) Settings() Settings { return c.cfg.Settings }

// Do sends req, retrying on 429 as Okta does (see retry.go), records every
// attempt in the journal and returns the last response. A status of 300 or
// more comes back as a *RemoteError together with the response.
func (c *Client) Do(ctx context.Context, tag Tag, req Request) (*Response, error) {
	body, err := encodeJSON(req.Body)
	if err != nil {
		return nil, fmt.Errorf("encode %s %s body: %w", req.Method, req.Path, err)
	}

	var wait time.Duration
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, tag, req, body, attempt)
		if err != nil {
			return nil, err
		}
		if resp.Status != http.StatusTooManyRequests {
			if resp.Status >= 300 {
				return resp, newRemoteError(req, resp, attempt)
			}
			return resp, nil
		}
		if attempt >= MaxAttempts {
			return resp, rateLimitError(req, resp, attempt)
		}
		wait = nextWait(wait, resp.Header.Get("Retry-After"))
		scaled := time.Duration(float64(wait) * c.cfg.TimeScale)
		c.cfg.Logger.WarnContext(ctx, "scim target rate limited, retrying",
			"app_id", tag.AppID, "user_id", tag.UserID, "group_id", tag.GroupID,
			"method", req.Method, "path", req.Path, "attempt", attempt,
			"wait", wait.String(), "scaled_wait", scaled.String())
		if err := sleep(ctx, c.cfg.Clock, scaled); err != nil {
			return resp, fmt.Errorf("wait out 429 on %s %s: %w", req.Method, req.Path, err)
		}
	}
}

// send makes one attempt and journals it.
func (c *Client) send(ctx context.Context, tag Tag, req Request, body []byte,
	attempt int,
) (*Response, error) {
	// Each attempt has its own timeout, as Okta's socket timeout is per
	// request; the caller's context still bounds the whole call.
	actx, cancel := context.WithTimeout(ctx, c.cfg.RequestTimeout)
	defer cancel()
	actx = withCall(actx, call{tag: tag, path: req.Path})

	hreq, err := c.newHTTPRequest(actx, req, body)
	if err != nil {
		return nil, err
	}
	start := c.cfg.Clock.Now()
	began := time.Now()
	resp, err := c.roundTrip(hreq)
	took := time.Since(began)
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() == nil {
		err = fmt.Errorf("request timeout %s: %w", c.cfg.RequestTimeout, err)
	}

	c.record(tag, attempt, start, took, hreq, body, resp, err)
	c.logExchange(ctx, tag, attempt, req, resp, took, err)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", req.Method, req.Path, err)
	}
	return resp, nil
}

func (c *Client) newHTTPRequest(ctx context.Context, req Request,
	body []byte,
) (*http.Request, error) {
	u := c.cfg.BaseURL + req.Path
	if req.Query != "" {
		u += "?" + req.Query
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.Method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", req.Method, req.Path, err)
	}
	hreq.Header.Set("User-Agent", scim.UserAgentOkta)
	hreq.Header.Set("Accept", scim.ContentType)
	hreq.Header.Set("Accept-Charset", "utf-8")
	if body != nil {
		hreq.Header.Set("Content-Type", scim.ContentTypeWithCharset)
	}
	if v := c.authorization(); v != "" {
		hreq.Header.Set("Authorization", v)
	}
	return hreq, nil
}

func (c *Client) authorization() string {
	switch c.cfg.AuthScheme {
	case AuthHeader:
		return c.cfg.Token
	case AuthBasic:
		raw := c.cfg.Username + ":" + c.cfg.Password
		return "Basic " + base64.StdEncoding.EncodeToString([]byte(raw))
	}
	if c.cfg.Token == "" {
		return ""
	}
	return "Bearer " + c.cfg.Token
}

func (c *Client) roundTrip(hreq *http.Request) (*Response, error) {
	hresp, err := c.http.Do(hreq)
	if err != nil {
		return nil, err
	}
	defer hresp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hresp.Body, maxBody))
	if err != nil {
		return nil, fmt.Errorf("read response: %w", err)
	}
	return &Response{Status: hresp.StatusCode, Header: hresp.Header, Body: data}, nil
}

func (c *Client) logExchange(ctx context.Context, tag Tag, attempt int, req Request,
	resp *Response, took time.Duration, err error,
) {
	attrs := []any{
		"app_id", tag.AppID, "user_id", tag.UserID, "group_id", tag.GroupID,
		"method", req.Method, "path", req.Path, "attempt", attempt,
		"duration_ms", took.Milliseconds(),
	}
	if resp != nil {
		attrs = append(attrs, "status", resp.Status)
	}
	if err != nil {
		attrs = append(attrs, "err", err.Error())
	}
	c.cfg.Logger.DebugContext(ctx, "scim exchange", attrs...)
}

func newRemoteError(req Request, resp *Response, attempts int) *RemoteError {
	e := &RemoteError{
		Method: req.Method, Path: req.Path, Status: resp.Status,
		Attempts: attempts, Body: string(resp.Body),
	}
	if len(bytes.TrimSpace(resp.Body)) == 0 {
		return e
	}
	var body scim.Error
	if json.Unmarshal(resp.Body, &body) != nil {
		e.NotJSON = true
		return e
	}
	e.ScimType, e.Detail = body.ScimType, body.Detail
	return e
}
