// Package jsonhttp sends the harness's JSON requests (Okta API, castsim
// console API, SCIM) and reads the whole answer without judging it, so
// callers decide which statuses count as success.
package jsonhttp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Request is one request; Body, when not nil, is encoded as JSON.
type Request struct {
	Method string
	URL    string
	// Header is copied onto the request: Accept, Content-Type, credentials.
	Header http.Header
	Body   any
	// MaxAnswer bounds the bytes of the answer body read.
	MaxAnswer int64
}

// Answer is the status, header and body of one answer.
type Answer struct {
	Status int
	Header http.Header
	Body   []byte
}

// Send runs r with hc (http.DefaultClient when nil) and reads the answer.
func Send(ctx context.Context, hc *http.Client, r Request) (*Answer, error) {
	var rd io.Reader
	if r.Body != nil {
		data, err := json.Marshal(r.Body)
		if err != nil {
			return nil, fmt.Errorf("encode %s %s: %w", r.Method, r.URL, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, r.Method, r.URL, rd)
	if err != nil {
		return nil, fmt.Errorf("build %s %s: %w", r.Method, r.URL, err)
	}
	for k, v := range r.Header {
		req.Header[k] = v
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", r.Method, req.URL.Path, err)
	}
	defer func() { _ = resp.Body.Close() }()
	data, err := io.ReadAll(io.LimitReader(resp.Body, r.MaxAnswer))
	if err != nil {
		return nil, fmt.Errorf("read %s %s: %w", r.Method, req.URL.Path, err)
	}
	return &Answer{Status: resp.StatusCode, Header: resp.Header, Body: data}, nil
}

// Decode reads body into v; the error quotes the first limit bytes of the
// body.
func Decode(status int, body []byte, v any, limit int) error {
	if err := json.Unmarshal(body, v); err != nil {
		return fmt.Errorf("decode answer %d %q: %w", status, Snippet(body, limit), err)
	}
	return nil
}

// Snippet shortens a body to limit bytes for an error message.
func Snippet(b []byte, limit int) string {
	s := strings.TrimSpace(string(b))
	if len(s) > limit {
		return s[:limit] + "…"
	}
	return s
}
