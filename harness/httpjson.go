package harness

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/idpsim/idpsim/harness/jsonhttp"
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
	return jsonhttp.Decode(a.status, a.body, v, snippetLimit)
}

// send runs c with hc and reads the whole answer.
func send(ctx context.Context, hc *http.Client, c apiCall) (*apiAnswer, error) {
	h := c.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set("Accept", "application/json")
	if c.body != nil {
		h.Set("Content-Type", "application/json")
	}
	a, err := jsonhttp.Send(ctx, hc, jsonhttp.Request{
		Method: c.method, URL: c.url, Header: h, Body: c.body, MaxAnswer: 32 << 20,
	})
	if err != nil {
		return nil, err
	}
	return &apiAnswer{status: a.Status, header: a.Header, body: a.Body}, nil
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

// snippetLimit is how much of a body an error message quotes.
const snippetLimit = 500

// snippet shortens a body for an error message.
func snippet(b []byte) string { return jsonhttp.Snippet(b, snippetLimit) }

// trimHost drops scheme and host from a URL for shorter messages.
func trimHost(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		if j := strings.Index(u[i+3:], "/"); j >= 0 {
			return u[i+3+j:]
		}
	}
	return u
}
