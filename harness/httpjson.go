package harness

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// apiCall is one JSON request of a driver.
type apiCall struct {
	method string
	url    string
	header http.Header
	body   any // encoded as JSON when not nil
}

// apiAnswer is the status and body of a driver request.
type apiAnswer struct {
	status int
	header http.Header
	body   []byte
}

// ok reports a 2xx status.
func (a *apiAnswer) ok() bool { return a.status >= 200 && a.status < 300 }

// decode reads the body into v.
func (a *apiAnswer) decode(v any) error {
	if err := json.Unmarshal(a.body, v); err != nil {
		return fmt.Errorf("decode answer %d %q: %w", a.status, snippet(a.body), err)
	}
	return nil
}

// send runs c with hc and reads the whole answer.
func send(ctx context.Context, hc *http.Client, c apiCall) (*apiAnswer, error) {
	var rd io.Reader
	if c.body != nil {
		data, err := json.Marshal(c.body)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", c.method, c.url, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, c.method, c.url, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", c.method, c.url, err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	req.Header.Set("Accept", "application/json")
	if c.body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.method, req.URL.Path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, 32<<20))
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", c.method, req.URL.Path, err)
	}
	return &apiAnswer{status: resp.StatusCode, header: resp.Header, body: data}, nil
}

// sendOK runs c and decodes a 2xx answer into out (when not nil); any other
// status is an error that quotes the answer.
func sendOK(ctx context.Context, hc *http.Client, c apiCall, out any) error {
	a, err := send(ctx, hc, c)
	if err != nil {
		return err
	}
	if !a.ok() {
		return fmt.Errorf("%s %s: status %d: %s", c.method, trimHost(c.url), a.status, snippet(a.body))
	}
	if out == nil || len(bytes.TrimSpace(a.body)) == 0 {
		return nil
	}
	return a.decode(out)
}

// snippet shortens a body for an error message.
func snippet(b []byte) string {
	const limit = 500
	s := strings.TrimSpace(string(b))
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}

// trimHost drops scheme and host from a URL for shorter messages.
func trimHost(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.Index(u[i+3:], "/"); j >= 0 {
			return u[i+3+j:]
		}
	}
	return u
}
