package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/idpsim/idpsim/harness/jsonhttp"
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
	header := c.header
	if body != nil {
		header = c.header.Clone()
		header.Set("Content-Type", "application/json")
	}
	ans, err := jsonhttp.Send(ctx, c.hc, jsonhttp.Request{
		Method: method, URL: c.baseURL + path, Header: header, Body: body, MaxAnswer: maxAnswer,
	})
	if err != nil {
		return err
	}
	if out == nil {
		out = &json.RawMessage{}
	}
	if err := decodeAnswer(ans.Status, ans.Body, out); err != nil && (ans.Status > 299 || len(ans.Body) > 0) {
		return fmt.Errorf("%s %s: %w", method, path, err)
	}
	return nil
}

// maxAnswer bounds an answer the loaders read; the largest are lists.
const maxAnswer = 256 << 20

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
