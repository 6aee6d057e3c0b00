package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
)

// apiClient sends JSON requests to one server with fixed headers.
type apiClient struct {
	baseURL string
	header  http.Header
	hc      *http.Client
}

// newAPIClient keeps up to conns connections alive, so that concurrent
// loaders do not open a connection per request.
func newAPIClient(baseURL string, header http.Header, conns int) *apiClient {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConnsPerHost = conns
	return &apiClient{baseURL: baseURL, header: header, hc: &http.Client{Transport: tr}}
}

// call sends body as JSON and decodes a 2xx answer into out (when not nil).
func (c *apiClient) call(ctx context.Context, method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return fmt.Errorf("encode %s %s: %w", method, path, err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.baseURL+path, rd)
	if err != nil {
		return fmt.Errorf("build %s %s: %w", method, path, err)
	}
	for k, v := range c.header {
		req.Header[k] = v
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		return fmt.Errorf("%s %s: read answer: %w", method, path, err)
	}
	if out == nil {
		out = &json.RawMessage{}
	}
	if err := decodeAnswer(resp.StatusCode, answer, out); err != nil &&
		(resp.StatusCode > 299 || len(answer) > 0) {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// parallel calls fn for 0..n-1 from workers goroutines; the first error
// stops the others and is returned.
func parallel(ctx context.Context, n, workers int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var next atomic.Int64
	var once sync.Once
	var firstErr error
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := int(next.Add(1)) - 1; i < n && ctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if err := fn(ctx, i); err != nil {
					once.Do(func() { firstErr = err })
					cancel()
				}
			}
		})
	}
	wg.Wait()
	return firstErr
}
